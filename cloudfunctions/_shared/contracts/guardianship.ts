import { z } from 'zod';
import { defineContract, returns } from './define';
import { LABELS } from './registry-model';
import { fields } from './fields';

/**
 * Guardianship contracts (docs/guardianship.md): responsibility confirmations (监护责任确认书)
 * with their versioned templates and signatures, guardianship orders (责令返回或确定受委托监护人)
 * and parents' check-ins (亲情连线). Rule source: policy/implementation-opinions.md §二(一)
 * ("村（社区）要与留守儿童法定监护人、其他监护人签订监护责任确认书"; "由乡镇和公安部门会同村（社区）
 * 联系外出务工的留守儿童父母，责令其立即返回或确定受委托监护人").
 *
 * The `guardianship` function's action table is `guardianshipContract` at the end.
 *
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on
 * the wire).
 *
 * Longer than 500 lines: the domain's whole action table (inputs, outputs, view types) is the
 * seam the mini-program is generated from, kept in one file per domain.
 */

// ---------------------------------------------------------------------------------------------
// Templates

/** A version of a county's confirmation text (collection `confirmationTemplates`, `_id` = `<county>-v<version>`). */
export interface ConfirmationTemplateDoc {
  _id: string;
  countyCode: string;
  /** 1, 2, …: an edit creates the next version; signed documents keep the version they were signed under. */
  version: number;
  title: string;
  /**
   * The text with placeholders `{{child.name}}`, `{{child.birthDate}}`, `{{village.name}}`,
   * `{{father.name}}`, `{{mother.name}}`, `{{entrusted.name}}`, `{{entrusted.relation}}`,
   * `{{validityDays}}`, `{{date}}` (filled when an officer prepares a confirmation).
   */
  body: string;
  createdAt: Date;
  createdBy?: string;
  /** `default`: the built-in text, stored as version 1 the first time it is used. */
  source: 'default' | 'county';
}

// ---------------------------------------------------------------------------------------------
// Confirmations

/** The parties of a confirmation: the two legal guardians (parents), the entrusted guardian and the village committee. */
export const PARTY_KEYS = ['father', 'mother', 'entrusted', 'village'] as const;
export type PartyKey = (typeof PARTY_KEYS)[number];

/** Which role signs for a party (a parent binding for father/mother, …). */
export const PARTY_SIGNER_ROLE: Record<PartyKey, 'parent' | 'entrustedGuardian' | 'villageOfficer'> = {
  father: 'parent',
  mother: 'parent',
  entrusted: 'entrustedGuardian',
  village: 'villageOfficer',
};

/** The guardians' lines a village officer may sign with assistance (never the committee's). */
export const ASSISTED_PARTY_KEYS = ['father', 'mother', 'entrusted'] as const;
export type AssistedPartyKey = (typeof ASSISTED_PARTY_KEYS)[number];

export const PARTY_LABELS: Record<PartyKey, string> = {
  father: '法定监护人（父亲）',
  mother: '法定监护人（母亲）',
  entrusted: '受委托监护人',
  village: '村（居）民委员会',
};

/** One party of a confirmation, as filled in by the officer who prepared it. */
export interface ConfirmationParty {
  key: PartyKey;
  /** Name printed on the document (for `village`: the committee's name). */
  name: string;
  /** Relation to the child (entrusted guardian), e.g. `祖母`. */
  relation?: string;
}

/** What was recorded when an officer signed on behalf of a guardian without a phone (assisted signing). */
export interface AssistedSigning {
  /** The officer's person id (the signature was drawn on the officer's phone). */
  assistedBy: string;
  /** The guardian's name as the officer read it from the guardian's ID card. */
  guardianName: string;
  /** Last four characters of the guardian's resident ID number. */
  idLast4: string;
  /** Optional photo of the guardian signing (storage fileID) and its SHA-256 (hex, computed server-side). */
  photoFileID?: string;
  photoSha256?: string;
}

/** One party's signature. */
export interface SignatureRecord {
  party: PartyKey;
  /** The signer's person id (their bound identity); for an assisted signature, the officer's. */
  personId: string;
  /** The role the signer acted as. */
  role: string;
  /** PNG of the handwritten stroke in storage. */
  fileID: string;
  /** SHA-256 (hex) of the PNG bytes, computed server-side from the stored file. */
  imageSha256: string;
  /** Strokes the pad counted (≥ 1). */
  strokes: number;
  /** Export size in device pixels. */
  width: number;
  height: number;
  signedAt: Date;
  assisted?: AssistedSigning;
}

export const CONFIRMATION_STATUSES = ['pending', 'inForce', 'expired', 'revoked'] as const;
export type ConfirmationStatus = (typeof CONFIRMATION_STATUSES)[number];

export const CONFIRMATION_STATUS_LABELS: Record<ConfirmationStatus, string> = {
  pending: '待签署',
  inForce: '生效中',
  expired: '已到期',
  revoked: '已撤销',
};

/** The tamper-evidence seal (docs/guardianship.md "Tamper evidence"). */
export interface ConfirmationSeal {
  alg: 'HMAC-SHA256';
  /** Canonicalisation of the payload: RFC 8785 (JCS). */
  canon: 'JCS';
  /** Id of the data key the signing key was derived from (HKDF), so keys can rotate. */
  keyId: string;
  /** Hex HMAC over the canonical payload. */
  mac: string;
  /** Hex SHA-256 of the canonical payload (lets a reader check the payload without the key). */
  payloadSha256: string;
  sealedAt: Date;
  /** Signatures covered (the seal is renewed after each signature). */
  signatures: number;
}

/** A responsibility confirmation (collection `guardianshipConfirmations`). */
export interface ConfirmationDoc {
  _id: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  templateId: string;
  templateVersion: number;
  title: string;
  /** The full text with the child and parties filled in: exactly what each party signs. */
  text: string;
  parties: ConfirmationParty[];
  signatures: Partial<Record<PartyKey, SignatureRecord>>;
  status: ConfirmationStatus;
  preparedBy: string;
  preparedAt: Date;
  requestId: string;
  /** When the last party signed. */
  inForceAt?: Date;
  /** First Asia/Shanghai day on which the confirmation is no longer in force. */
  expiresOn?: string;
  seal?: ConfirmationSeal;
  revokedAt?: Date;
  revokedBy?: string;
  revokeReason?: string;
  /** Order this confirmation answered, when one was open. */
  orderId?: string;
}

export const REVOKE_REASONS = ['guardianChanged', 'parentReturned', 'childLeft', 'error', 'other'] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];
export const REVOKE_REASON_LABELS: Record<RevokeReason, string> = {
  guardianChanged: '监护人变更',
  parentReturned: '父母返乡',
  childLeft: '儿童退出信息库',
  error: '内容有误',
  other: '其他',
};

/** What `verifyConfirmation` reports. */
export interface VerificationReport {
  /** True when the stored document, its images and the audit log agree with the seal. */
  valid: boolean;
  status: ConfirmationStatus;
  /** Short code printed on the PDF: the first 16 hex digits of the MAC, in groups of four. */
  code?: string;
  signedParties: PartyKey[];
  /** Parties whose signature was made with assistance (on an officer's phone). */
  assisted: PartyKey[];
  /** What disagrees, in Chinese (empty when valid). */
  problems: string[];
  checkedAt: Date;
}

// ---------------------------------------------------------------------------------------------
// Orders

/** Guardianship types that open an order (the child file's `guardianshipType`). */
export const ORDER_REASONS = ['none', 'parentIncapable'] as const;
export type OrderReason = (typeof ORDER_REASONS)[number];
export const ORDER_REASON_LABELS: Record<OrderReason, string> = { none: LABELS.guardianshipType.none, parentIncapable: LABELS.guardianshipType.parentIncapable };

export const ORDER_STATUSES = ['open', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_RESOLUTIONS = ['guardianAppointed', 'parentReturned', 'childLeft'] as const;
export type OrderResolution = (typeof ORDER_RESOLUTIONS)[number];
export const ORDER_RESOLUTION_LABELS: Record<OrderResolution, string> = {
  guardianAppointed: '已确定监护人并签订确认书',
  parentReturned: '父母已返回',
  childLeft: '儿童已退出信息库',
};

export const CONTACT_METHODS = ['phone', 'video', 'visit', 'message', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export const CONTACT_METHOD_LABELS: Record<ContactMethod, string> = { phone: '电话', video: '视频', visit: '上门', message: '留言', other: '其他' };

/** One logged contact with the parents about an order. */
export interface OrderContact {
  at: Date;
  by: string;
  role: string;
  method: ContactMethod;
  /** Whether a parent was reached. */
  reached: boolean;
  /** What was said (no ID or phone numbers). */
  note: string;
  /** Day a parent promised to return or appoint a guardian by. */
  promisedOn?: string;
}

/** A guardianship order (collection `guardianshipOrders`). */
export interface OrderDoc {
  _id: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  /** Guardianship type that opened it. */
  reason: OrderReason;
  status: OrderStatus;
  openedAt: Date;
  openedOn: string;
  /** Last day to comply: `openedOn` + the county's order deadline (days). Overdue from the next day. */
  dueOn: string;
  contacts: OrderContact[];
  escalatedAt?: Date;
  escalatedOn?: string;
  closedAt?: Date;
  resolution?: OrderResolution;
  confirmationId?: string;
}

// ---------------------------------------------------------------------------------------------
// Check-in

export const CHECKIN_KINDS = ['call', 'video', 'visitHome'] as const;
export type CheckInKind = (typeof CHECKIN_KINDS)[number];
export const CHECKIN_KIND_LABELS: Record<CheckInKind, string> = { call: '打电话', video: '视频通话', visitHome: '回家探望' };

/** A parent's check-in (collection `parentCheckIns`, `_id` from the request id). */
export interface CheckInDoc {
  _id: string;
  childId: string;
  villageCode: string;
  personId: string;
  kind: CheckInKind;
  /** The day it happened (Asia/Shanghai). */
  on: string;
  minutes?: number;
  note?: string;
  createdAt: Date;
}

/**
 * The three sides of a child's family message thread (issue 11: the parent away, the entrusted
 * guardian at home and the village officer each read and answer the others; policy §二(二)
 * 亲情关爱: parents keep in touch with the child and the caregiver).
 */
export const MESSAGE_PARTIES = ['parent', 'entrustedGuardian', 'villageOfficer'] as const;
export type MessageParty = (typeof MESSAGE_PARTIES)[number];
/** Who a message may go to (any side but one's own). */
export const MESSAGE_RECIPIENTS = MESSAGE_PARTIES;
export type MessageRecipient = MessageParty;
/** The sides as the thread names them. */
export const MESSAGE_PARTY_LABELS: Record<MessageParty, string> = { parent: '父母', entrustedGuardian: '照护人（受委托监护人）', villageOfficer: '村专干' };

/** A message of a child's family thread (collection `parentMessages`). */
export interface ParentMessageDoc {
  _id: string;
  childId: string;
  villageCode: string;
  /** Sender's person id. */
  from: string;
  /** Sender's side; absent on messages written before the thread went both ways (a parent's). */
  fromRole?: MessageParty;
  to: MessageRecipient;
  text: string;
  createdAt: Date;
  /** Person ids of recipients who opened the thread since (read marks). */
  readBy?: string[];
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Lengths of the free text the guardianship forms take (characters). */
export const GUARDIANSHIP_TEXT_LIMITS = {
  /** Why a confirmation is revoked (optional; required for 其他). */
  revokeNote: 200,
  /** What was said when contacting the parents about an order. */
  contactNote: { min: 2, max: 300 },
  /** Why the county changed its settings (audited). */
  configReason: { min: 2, max: 200 },
} as const;

/** The county settings this capability owns: label and accepted range (days). */
export const GUARDIANSHIP_CONFIG_FIELDS = {
  confirmationExpiryDays: { label: '确认书有效期', min: 30, max: 3 * 366 },
  confirmationReminderLeadDays: { label: '到期前提醒提前', min: 1, max: 180 },
  orderDeadlineDays: { label: '责令返回或确定监护人期限', min: 1, max: 90 },
  checkInIntervalDays: { label: '亲情连线提醒间隔', min: 1, max: 180 },
} as const;
export type GuardianshipConfigKey = keyof typeof GUARDIANSHIP_CONFIG_FIELDS;

const idSchema = z.string().min(1).max(80).meta({ title: '编号' });
const requestIdSchema = z.string().min(8).max(64).meta({ title: '提交编号' });
const nameSchema = fields.personName('姓名', { max: 30 });
// Signature images and photos live in the signing task's slot (storage rules: signatures/).
const fileIdSchema = (label: string) => fields.fileId(label, { under: ['signatures/'] });

export const partyInputSchema = z
  .object({
    key: z.enum(PARTY_KEYS),
    name: nameSchema,
    relation: fields.freeText('与儿童关系', { max: 20, multiline: false }).optional(),
  })
  .strict();

export const prepareConfirmationInput = z
  .object({
    childId: idSchema,
    requestId: requestIdSchema,
    /**
     * Parties to sign. Omitted: taken from the child file (father and mother when named, the
     * entrusted guardian when named) plus the village committee. The village committee is always a party.
     */
    parties: z.array(partyInputSchema).min(1).max(4).optional(),
  })
  .strict();

/** The signature image as the mini-program uploaded it. */
export const signatureImageInput = z
  .object({
    fileID: fileIdSchema('签名'),
    /** Strokes drawn (an empty pad is refused on the device and here). */
    strokes: z.number().int().min(1, '请先签名').max(10_000),
    width: z.number().int().min(50).max(4096),
    height: z.number().int().min(20).max(4096),
  })
  .strict();

/** A one-time upload slot for one line of a confirmation: its signature image or the assisted-signing photo. */
export const signingSlotInput = z
  .object({
    confirmationId: idSchema,
    party: z.enum(PARTY_KEYS).meta({ title: '签署方' }),
    what: z.enum(['signature', 'photo']).default('signature').meta({ title: '上传内容' }),
  })
  .strict();

export const signConfirmationInput = z
  .object({
    confirmationId: idSchema,
    party: z.enum(PARTY_KEYS),
    signature: signatureImageInput,
    /** SHA-256 of the text the signer saw (hex): refused when the document changed since. */
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const signAssistedInput = z
  .object({
    confirmationId: idSchema,
    party: z.enum(ASSISTED_PARTY_KEYS),
    signature: signatureImageInput,
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    guardianName: nameSchema,
    idLast4: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .pipe(z.string().regex(/^\d{3}[\dX]$/, '请填写身份证号后四位')),
    photoFileID: fileIdSchema('现场照片').optional(),
  })
  .strict();

export const revokeConfirmationInput = z
  .object({
    confirmationId: idSchema,
    reason: z.enum(REVOKE_REASONS).meta({ title: '撤销原因' }),
    /** Optional explanation (no names or numbers). */
    note: fields.freeText('撤销说明', { min: 0, max: GUARDIANSHIP_TEXT_LIMITS.revokeNote }).optional(),
  })
  .strict();

export const logOrderContactInput = z
  .object({
    orderId: idSchema,
    method: z.enum(CONTACT_METHODS),
    reached: z.boolean(),
    note: fields.freeText('联系情况', { min: GUARDIANSHIP_TEXT_LIMITS.contactNote.min, max: GUARDIANSHIP_TEXT_LIMITS.contactNote.max }),
    promisedOn: fields.calendarDate('承诺日期').optional(),
  })
  .strict();

export const logCheckInInput = z
  .object({
    childId: idSchema,
    requestId: requestIdSchema,
    kind: z.enum(CHECKIN_KINDS),
    /** Day it happened; default today. Not in the future. */
    on: fields.calendarDate('日期', { notFuture: true }).optional(),
    minutes: z.number().int().min(1).max(24 * 60).optional(),
    note: fields.freeText('备注', { max: 200, min: 0 }).optional(),
  })
  .strict();

export const sendMessageInput = z
  .object({
    childId: idSchema,
    requestId: requestIdSchema,
    to: z.enum(MESSAGE_RECIPIENTS),
    text: fields.freeText('留言', { max: 300, min: 1, multiline: true }),
  })
  .strict();

export const updateTemplateInput = z
  .object({
    title: fields.freeText('标题', { min: 2, max: 40 }),
    body: fields.freeText('确认书正文', { min: 50, max: 8000, multiline: true }),
  })
  .strict();

/** Keys of the county configuration this capability edits (days; see _shared/county-config.ts). */
export const guardianshipConfigInput = z
  .object({
    confirmationExpiryDays: z.number().int().min(GUARDIANSHIP_CONFIG_FIELDS.confirmationExpiryDays.min).max(GUARDIANSHIP_CONFIG_FIELDS.confirmationExpiryDays.max).optional(),
    confirmationReminderLeadDays: z.number().int().min(GUARDIANSHIP_CONFIG_FIELDS.confirmationReminderLeadDays.min).max(GUARDIANSHIP_CONFIG_FIELDS.confirmationReminderLeadDays.max).optional(),
    orderDeadlineDays: z.number().int().min(GUARDIANSHIP_CONFIG_FIELDS.orderDeadlineDays.min).max(GUARDIANSHIP_CONFIG_FIELDS.orderDeadlineDays.max).optional(),
    checkInIntervalDays: z.number().int().min(GUARDIANSHIP_CONFIG_FIELDS.checkInIntervalDays.min).max(GUARDIANSHIP_CONFIG_FIELDS.checkInIntervalDays.max).optional(),
    /** Why (audited; no names or numbers). */
    reason: fields.freeText('修改理由', { min: GUARDIANSHIP_TEXT_LIMITS.configReason.min, max: GUARDIANSHIP_TEXT_LIMITS.configReason.max }),
  })
  .strict();

export type PrepareConfirmationInput = z.input<typeof prepareConfirmationInput>;
export type SignConfirmationInput = z.input<typeof signConfirmationInput>;
export type SignAssistedInput = z.input<typeof signAssistedInput>;
export type LogCheckInInput = z.input<typeof logCheckInInput>;
export type SendMessageInput = z.input<typeof sendMessageInput>;

/** A confirmation as the API shows it. */
export interface ConfirmationView {
  id: string;
  childId: string;
  title: string;
  text: string;
  /** SHA-256 (hex) of `text`; send it back when signing. */
  textSha256: string;
  templateVersion: number;
  status: ConfirmationStatus;
  statusLabel: string;
  parties: (ConfirmationParty & {
    label: string;
    signed: boolean;
    signedAt?: Date;
    assisted?: boolean;
    /** Assisted signing: the guardian's name and ID last four as recorded (masked per role). */
    assistedName?: string;
    assistedIdLast4?: string;
  })[];
  preparedAt: Date;
  inForceAt?: Date;
  expiresOn?: string;
  revokedAt?: Date;
  revokeReason?: string;
  /** Parties the caller may sign now. */
  canSign: PartyKey[];
  verificationCode?: string;
}

const childRef = z.object({ childId: idSchema }).strict();
const confirmationRef = z.object({ confirmationId: idSchema }).strict();

/** A confirmation's status in a parent's summary. */
export interface ConfirmationBrief {
  id: string;
  status: ConfirmationStatus;
  statusLabel: string;
  expiresOn?: string;
}

/** One of a parent's children, as `myChildren` lists it (names masked per role). */
export interface ParentChildSummary {
  childId: string;
  name?: string;
  villageCode: string;
  caregiver?: { name?: string; relation?: string };
  confirmation?: ConfirmationBrief;
  order?: { id: string; dueOn: string; overdue: boolean };
  lastCheckInOn?: string;
  daysSinceCheckIn?: number;
  /** No check-in within the county's check-in interval. */
  checkInDue: boolean;
}

/** A message of the family thread as the API shows it. */
export interface ParentMessageView {
  id: string;
  to: MessageRecipient;
  toLabel: string;
  fromRole: MessageParty;
  fromLabel: string;
  /** The sender's name (plain to the family and the officer). */
  fromName?: string;
  /** Written by the caller. */
  mine: boolean;
  /** Mine: a recipient has opened it. Others': I had opened it before this read. */
  read: boolean;
  text?: string;
  at: Date;
}

/** A child's family thread (`listMessages`). */
export interface MessageThread {
  childName?: string;
  /** The caller's side in this thread (staff who only read: undefined). */
  myRole?: MessageParty;
  /** Sides the caller may write to. */
  canWriteTo: { role: MessageParty; label: string }[];
  /** Oldest first, at most the latest 100. */
  messages: ParentMessageView[];
  /** Messages to the caller's side they had not opened before this read. */
  unread: number;
}

/** What `childOverview` adds to the summary (亲情连线). */
export interface ParentChildOverview extends ParentChildSummary {
  caregiver?: { name?: string; relation?: string; phone?: string };
  villageOfficer?: { name?: string };
  school: { school?: string; schooling?: string; boarding?: boolean };
  visits: { date: string; kind: string; visitorRole?: string; notes: string[]; schooling?: string }[];
  /** Parties of the latest confirmation the caller may sign now. */
  confirmationToSign: PartyKey[];
  checkIns: { id: string; kind: CheckInKind; kindLabel: string; on: string; minutes?: number }[];
  messages: ParentMessageView[];
  checkInIntervalDays: number;
  /**
   * Which parent the caller is on the file (matched by the name the file records) and the work
   * place it holds, for 亲情连线's 我的务工地和电话 (registry.updateMyContact). Absent when the file
   * names neither parent as the caller.
   */
  myContact?: { parent: 'father' | 'mother'; workPlace?: string };
}

/** An order as staff and parents see it (contact notes masked per role). */
export interface OrderView {
  id: string;
  childId: string;
  villageCode: string;
  townshipCode: string;
  reason: OrderReason;
  status: OrderStatus;
  openedOn: string;
  dueOn: string;
  /** Open and past `dueOn`. */
  overdue: boolean;
  escalated: boolean;
  escalatedOn?: string;
  resolution?: OrderResolution;
  resolutionLabel?: string;
  confirmationId?: string;
  contacts: { at: Date; role: string; method: ContactMethod; methodLabel: string; reached: boolean; note?: string; promisedOn?: string }[];
}

/** What re-checking a child's order did. */
export interface OrderSync {
  action: 'opened' | 'closed' | 'none';
  orderId?: string;
  resolution?: OrderResolution;
}

/** A confirmation the caller has lines to sign on. */
export interface SigningTask {
  id: string;
  childId: string;
  title: string;
  parties: PartyKey[];
  preparedAt: Date;
}

/** A county's confirmation template (current or an older version). */
export interface TemplateView {
  countyCode: string;
  version: number;
  currentVersion: number;
  title: string;
  body: string;
  source: ConfirmationTemplateDoc['source'];
  createdAt: Date;
  versions: { version: number; createdAt: Date; source: ConfirmationTemplateDoc['source'] }[];
}

/** The county settings this capability owns (days). */
export type GuardianshipConfig = Record<GuardianshipConfigKey, number>;

/** What one run of the guardianship sweeps did. */
export interface GuardianshipSweepSummary {
  /** The Asia/Shanghai day the sweep ran for. */
  day: string;
  ordersOpened: number;
  ordersClosed: number;
  ordersEscalated: number;
  confirmationsExpired: number;
  expiryReminders: number;
  checkInReminders: number;
  visitNotices: number;
}

// ---------------------------------------------------------------------------------------------
// The action table

export const guardianshipContract = defineContract('guardianship', () => ({
  getTemplate: {
    summary: '查看本县监护责任确认书模板（当前版本及历史版本号）',
    input: () => z.object({ version: z.number().int().min(1).optional() }).strict(),
    output: returns<TemplateView>(),
  },
  updateTemplate: {
    summary: '修改本县确认书模板（生成新版本；已签署的确认书保留原版本）',
    input: () => updateTemplateInput,
    output: returns<{ version: number; title: string }>(),
  },
  prepareConfirmation: {
    summary: '为儿童制作监护责任确认书（按本县当前模板填入儿童和各签署方），并通知各方签署',
    input: () => prepareConfirmationInput,
    output: returns<{ confirmation: ConfirmationView; reused: boolean; notified?: number }>(),
  },
  getConfirmation: { summary: '查看监护责任确认书（全文、签署方、签署状态；读取留痕）', input: () => confirmationRef, output: returns<ConfirmationView>() },
  listConfirmations: { summary: '某儿童的全部监护责任确认书（最新在前）', input: () => childRef, output: returns<{ confirmations: ConfirmationView[] }>() },
  mySigningTasks: { summary: '我待签署的确认书（父母、受委托监护人、村专干）', input: () => z.object({}).strict(), output: returns<{ tasks: SigningTask[] }>() },
  signingSlot: {
    summary: '为确认书的一栏分配一次性上传位置（签名图片，或协助签署的现场照片）：只给该栏签署人或协助签署的村专干',
    input: () => signingSlotInput,
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  signConfirmation: {
    summary: '在手机上手写签署确认书（父母、受委托监护人、村专干代表村委会）；签名与本人身份和确认书全文绑定',
    input: () => signConfirmationInput,
    output: returns<ConfirmationView>(),
  },
  signAssisted: {
    summary: '协助签署：监护人无手机时在村专干手机上签名，记录协助人、监护人姓名和身份证号后四位（可附照片）',
    input: () => signAssistedInput,
    output: returns<ConfirmationView>(),
  },
  verifyConfirmation: {
    summary: '核验确认书是否被改动（重算签章、签名图片哈希，并与审计日志比对）；显示是否为协助签署',
    input: () => confirmationRef,
    output: returns<VerificationReport>(),
  },
  revokeConfirmation: {
    summary: '撤销确认书（须选择原因，如监护人变更）；撤销后提示重新签订',
    input: () => revokeConfirmationInput,
    output: returns<{ confirmation: ConfirmationView; renewalNeeded: boolean }>(),
  },
  renderPdf: {
    summary: '下载已签署确认书的 PDF（中文；含全文、签署方、签名、时间和核验码；导出留痕）',
    input: () => confirmationRef,
    output: returns<{ fileID: string; url: string | undefined; bytes: number }>(),
  },
  listOrders: {
    summary: '监护责令列表（本辖区；可按状态、是否逾期筛选）',
    input: () => z.object({ status: z.enum(['open', 'closed', 'all']).default('open'), overdueOnly: z.boolean().default(false) }).strict(),
    output: returns<{ orders: OrderView[] }>(),
  },
  getOrder: { summary: '查看一项监护责令（期限、联系记录、结果）', input: () => z.object({ orderId: idSchema }).strict(), output: returns<OrderView>() },
  logOrderContact: {
    summary: '记录与父母的联系（电话、视频、上门等），是否联系上，承诺返回或确定监护人的日期',
    input: () => logOrderContactInput,
    output: returns<OrderView>(),
  },
  recheckOrder: { summary: '按档案和确认书重新核对该儿童的监护责令（开启或办结）', input: () => childRef, output: returns<OrderSync>() },
  myChildren: {
    summary: '家长查看本人的孩子（仅限绑定的孩子）：照护人、确认书状态、上次联系；每次读取留痕',
    input: () => z.object({}).strict(),
    output: returns<{ children: ParentChildSummary[] }>(),
  },
  childOverview: {
    summary: '亲情连线：孩子的照护人、最近走访记录、在校情况、确认书与责令状态、联系记录',
    input: () => childRef,
    output: returns<ParentChildOverview>(),
  },
  logCheckIn: {
    summary: '记录一次亲情连线（打电话、视频通话、回家探望）',
    input: () => logCheckInInput,
    output: returns<{ id: string; on: string; kind: CheckInKind; reused: boolean }>(),
  },
  sendMessage: {
    summary: '家长、照护人、村专干之间就孩子互相留言（对方在小程序“消息”中收到）',
    input: () => sendMessageInput,
    output: returns<{ id: string; delivered: number; reused: boolean }>(),
  },
  listMessages: { summary: '查看孩子的家人留言往来（家长、照护人、村专干；打开即标为已读）', input: () => childRef, output: returns<MessageThread>() },
  getCountyConfig: {
    summary: '查看本县监护相关设置（确认书有效期、到期提醒提前天数、责令期限、亲情连线提醒间隔）',
    input: () => z.object({}).strict(),
    output: returns<GuardianshipConfig & { countyCode: string; defaults: GuardianshipConfig }>(),
  },
  updateCountyConfig: {
    summary: '县民政局修改本县监护相关设置（须说明理由；留痕）',
    input: () => guardianshipConfigInput,
    output: returns<GuardianshipConfig & { countyCode: string }>(),
  },
  runSweeps: {
    summary: '内部任务：开启/办结监护责令、逾期上报、确认书到期与提醒、亲情连线提醒（可重复运行）',
    input: () => z.object({}).strict(),
    output: returns<GuardianshipSweepSummary>(),
    internal: true,
  },
}));
