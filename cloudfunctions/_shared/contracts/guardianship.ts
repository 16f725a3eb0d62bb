import { z } from 'zod';

/**
 * Guardianship contracts (docs/guardianship.md): responsibility confirmations (监护责任确认书)
 * with their versioned templates and signatures, guardianship orders (责令返回或确定受委托监护人)
 * and parents' check-ins (亲情连线). Rule source: policy/implementation-opinions.md §二(一)
 * ("村（社区）要与留守儿童法定监护人、其他监护人签订监护责任确认书"; "由乡镇和公安部门会同村（社区）
 * 联系外出务工的留守儿童父母，责令其立即返回或确定受委托监护人").
 *
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on
 * the wire). The mini-program imports these with `import type` only.
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
  /** Guardianship type that opened it (`none` or `parentIncapable`). */
  reason: 'none' | 'parentIncapable';
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

export const MESSAGE_RECIPIENTS = ['entrustedGuardian', 'villageOfficer'] as const;
export type MessageRecipient = (typeof MESSAGE_RECIPIENTS)[number];

/** A parent's message (collection `parentMessages`). */
export interface ParentMessageDoc {
  _id: string;
  childId: string;
  villageCode: string;
  from: string;
  to: MessageRecipient;
  text: string;
  createdAt: Date;
}

// ---------------------------------------------------------------------------------------------
// Inputs

const idSchema = z.string().min(1).max(80);
const requestIdSchema = z.string().min(8).max(64);
const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const nameSchema = z.string().trim().min(1, '请填写姓名').max(30);
const fileIdSchema = z.string().min(4).max(300);

export const partyInputSchema = z
  .object({
    key: z.enum(PARTY_KEYS),
    name: nameSchema,
    relation: z.string().trim().min(1).max(20).optional(),
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
    fileID: fileIdSchema,
    /** Strokes drawn (an empty pad is refused on the device and here). */
    strokes: z.number().int().min(1, '请先签名').max(10_000),
    width: z.number().int().min(50).max(4096),
    height: z.number().int().min(20).max(4096),
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
    party: z.enum(['father', 'mother', 'entrusted'] as const),
    signature: signatureImageInput,
    textSha256: z.string().regex(/^[0-9a-f]{64}$/),
    guardianName: nameSchema,
    idLast4: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase())
      .pipe(z.string().regex(/^\d{3}[\dX]$/, '请填写身份证号后四位')),
    photoFileID: fileIdSchema.optional(),
  })
  .strict();

export const revokeConfirmationInput = z
  .object({
    confirmationId: idSchema,
    reason: z.enum(REVOKE_REASONS),
    /** Optional explanation (no names or numbers). */
    note: z.string().trim().max(200).optional(),
  })
  .strict();

export const logOrderContactInput = z
  .object({
    orderId: idSchema,
    method: z.enum(CONTACT_METHODS),
    reached: z.boolean(),
    note: z.string().trim().min(2, '请填写联系情况').max(300),
    promisedOn: daySchema.optional(),
  })
  .strict();

export const logCheckInInput = z
  .object({
    childId: idSchema,
    requestId: requestIdSchema,
    kind: z.enum(CHECKIN_KINDS),
    /** Day it happened; default today. Not in the future. */
    on: daySchema.optional(),
    minutes: z.number().int().min(1).max(24 * 60).optional(),
    note: z.string().trim().max(200).optional(),
  })
  .strict();

export const sendMessageInput = z
  .object({
    childId: idSchema,
    requestId: requestIdSchema,
    to: z.enum(MESSAGE_RECIPIENTS),
    text: z.string().trim().min(1, '请填写留言').max(300),
  })
  .strict();

export const updateTemplateInput = z
  .object({
    title: z.string().trim().min(2).max(40),
    body: z.string().trim().min(50, '确认书正文过短').max(8000),
  })
  .strict();

/** Keys of the county configuration this capability edits (days; see _shared/county-config.ts). */
export const guardianshipConfigInput = z
  .object({
    confirmationExpiryDays: z.number().int().min(30).max(3 * 366).optional(),
    confirmationReminderLeadDays: z.number().int().min(1).max(180).optional(),
    orderDeadlineDays: z.number().int().min(1).max(90).optional(),
    checkInIntervalDays: z.number().int().min(1).max(180).optional(),
    /** Why (audited; no names or numbers). */
    reason: z.string().trim().min(2).max(200),
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
