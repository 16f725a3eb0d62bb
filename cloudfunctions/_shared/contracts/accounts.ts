/**
 * The `accounts` function's action table (docs/access.md): 我的 and the role switcher,
 * invitations, role bindings, break-glass access, consent and data rights, the audit log — inputs
 * and the views it answers with.
 *
 * Instants are UTC `Date`s here (ISO strings on the wire).
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';
import { BOUND_ROLES, PAIRING_KINDS, PAIRING_KIND_LABELS as KIND_LABELS, ROLES, ROLE_INFO, type BoundRole, type PairingKind, type RoleName } from '../access/roles';
import type { Scope } from '../access/scope';
import type { AuditEntry, AuditOp } from '../access/spec';

export type { BoundRole, PairingKind, RoleName } from '../access/roles';
/** Who can invite whom (role → issuing roles), role labels and scope shapes, pairing kinds: the pages read them. */
export { ISSUERS, ROLE_INFO } from '../access/roles';

/** The page an invitation opens (the mini-program code's page, the share card's path). */
export const ACCEPT_PAGE = 'packageAccount/pages/accept/index';

/** Roles invited from a child file (the relationship to that child is their scope). */
export const FAMILY_ROLES = ['parent', 'entrustedGuardian', 'pairingMember'] as const;
export type { Scope } from '../access/scope';

/** Chinese label of each role (the role catalogue's, access/roles.ts), for pages that say who someone is. */
export const ROLE_LABELS = Object.fromEntries(ROLES.map((r) => [r, ROLE_INFO[r].label])) as Record<RoleName, string>;
/** Chinese label of each kind of 1+1+1 pairing member (village cadre, grid worker, volunteer, neighbour). */
export const PAIRING_KIND_LABELS: Record<PairingKind, string> = KIND_LABELS;

/** Invitation policy (issue "Invitations"; docs/access.md). */
export const INVITATION_POLICY = {
  /** Default lifetime of an invitation. */
  ttlDays: 7,
  /** Failed accepts allowed per openid per window. */
  failuresPerOpenid: 5,
  /** Window for failed accepts, ms (10 minutes). */
  failureWindowMs: 10 * 60 * 1000,
  /** Wrong secrets for one code before it locks. */
  codeLockFailures: 10,
} as const;

/** What an audit entry records, in words (`whoViewedChild`, `queryAuditLog`). */
export const AUDIT_OP_LABELS: Record<AuditOp, string> = {
  read: '查看',
  write: '修改',
  search: '搜索',
  stats: '统计',
  export: '导出',
  binding: '角色绑定',
  invitation: '邀请码',
  breakGlass: '破窗访问',
  consent: '同意书',
  correction: '更正或删除申请',
  erase: '删除个人信息',
  reveal: '查看完整号码',
};

/** What an audit entry's target is, in words; a kind not listed reads 其他记录. */
export const AUDIT_TARGET_LABELS: Record<string, string> = {
  child: '儿童档案',
  person: '人员信息',
  invitation: '邀请码',
  binding: '角色绑定',
  breakGlassGrant: '破窗访问',
  correction: '更正申请',
  coverage: '排查覆盖',
  censusImport: '花名册导入',
  confirmation: '监护责任确认书',
  confirmationTemplate: '确认书模板',
  guardianshipOrder: '监护责令',
  countyConfig: '县级设置',
  visit: '走访记录',
  report: '强制报告',
  message: '留言',
  parentMessage: '家长留言',
  helplineRequest: '热线求助',
  helplineReferral: '热线转介',
  helplineCrisisWords: '危机词表',
  article: '政策文章',
};

/** Which guardian signed a paper consent form an officer records (the parties of the child file). */
export const CONSENT_SIGNERS = ['father', 'mother', 'entrusted'] as const;
export type ConsentSigner = (typeof CONSENT_SIGNERS)[number];
export const CONSENT_SIGNER_LABELS: Record<ConsentSigner, string> = { father: '父亲', mother: '母亲', entrusted: '受委托监护人' };

// ---------------------------------------------------------------------------------------------
// Input fragments

/** A 6/9/12-digit administrative division code. */
export const regionCodeSchema = z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码须为6、9或12位数字');
export const idSchema = z.string().min(1).max(64).meta({ title: '编号' });
/** Client request id for idempotent creation. */
export const requestIdSchema = z.string().min(8).max(64).meta({ title: '提交编号' });
/** A reason people write for audited actions (never names or numbers). */
export const reasonSchema = fields.freeText('理由', { min: 4, max: 200, multiline: false });
export const roleSchema = z.enum(BOUND_ROLES as unknown as [BoundRole, ...BoundRole[]]);

export const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region'), codes: z.array(regionCodeSchema).min(1).max(30) }).strict(),
  z.object({ kind: z.literal('children'), childIds: z.array(idSchema).min(1).max(20) }).strict(),
  z.object({ kind: z.literal('school'), schoolId: idSchema, regionCode: regionCodeSchema }).strict(),
  z.object({ kind: z.literal('team'), teamId: idSchema }).strict(),
  z.object({ kind: z.literal('site'), siteId: idSchema, regionCode: regionCodeSchema }).strict(),
]);

const anyRole = z.enum(ROLES as unknown as [RoleName, ...RoleName[]]);

export const INVITATION_STATUSES = ['open', 'accepted', 'revoked', 'locked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** How an invitation's status reads. */
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = { open: '待接受', accepted: '已接受', revoked: '已撤销', locked: '已锁定', expired: '已过期' };
/** Lifetimes an issuer may choose (days), the default first. */
export const INVITATION_TTL_CHOICES = [7, 3, 14, 30] as const;

// ---------------------------------------------------------------------------------------------
// Views

/** A role binding as the API shows it. */
export interface BindingView {
  bindingId: string;
  role: BoundRole;
  scope: Scope;
  pairingKind: PairingKind | undefined;
  supervisor: boolean | undefined;
  grantedAt: Date | undefined;
}

/** A binding as `accounts.listBindings` lists it (人员与邀请). */
export interface StaffBinding extends BindingView {
  status: 'active' | 'revoked';
  personId: string;
  personName: string | undefined;
  roleLabel: string;
  /** Where it applies, in words. */
  scopeText: string;
}

/** A binding as `accounts.me` lists it, with its labels and place names. */
export interface MeRole extends BindingView {
  /** Chinese role label, e.g. 村留守儿童保护专干. */
  roleLabel: string;
  pairingKindLabel: string | undefined;
  /** Place names of a region scope (or of a school's township), in the order of the codes. */
  scopeNames: string[];
}

/** `accounts.me`: the caller, their roles and the active one (`public` when none is bound). */
export interface MeView {
  personId: string | undefined;
  name: string | undefined;
  /** The caller's own phone, in full (a person always sees their own record). */
  phone: string | undefined;
  activeRole: RoleName;
  roles: MeRole[];
  pending: { breakGlassToAcknowledge: number };
  /**
   * The caller's own storage folder (20 hex characters, a keyed pseudonym of their WeChat
   * identity): every upload goes to `<purpose prefix><uploadFolder>/…` (signatures/,
   * census/uploads/, articles/covers/); a function refuses a file outside the caller's folder
   * (UPLOAD_NOT_OWN). '' when the call carries no WeChat identity.
   */
  uploadFolder: string;
}

/** `accounts.acceptInvitation` on success. */
export interface AcceptedInvitation {
  bindingId: string;
  role: BoundRole;
  roleLabel?: string;
  scope?: Scope;
  /** True when this WeChat user had already accepted this code (a retry). */
  alreadyAccepted: boolean;
}

/** A new invitation: the code once, and its QR code. */
export interface CreatedInvitation {
  invitationId: string;
  code: string;
  qrText: string;
  /** PNG data URL of the QR code of `qrText` (read by 接受邀请's scanner). */
  qrImage: string;
  role: BoundRole;
  expiresAt: Date;
  /** What the invitation card shows. */
  card: InvitationCard;
}

/**
 * The invitation card an issuer shares in WeChat or shows: who is invited to what, until when,
 * the mini-program code of the accept page with the code as its scene (or, when WeChat cannot
 * make one, a plain QR code of the code), and the share path.
 */
export interface InvitationCard {
  roleLabel: string;
  /** Where the role applies, in words (a place, a child's masked name, a team). */
  scopeText: string;
  inviteeName: string;
  expiresAt: Date;
  /** `packageAccount/pages/accept/index?code=…` for onShareAppMessage. */
  sharePath: string;
  /** PNG data URL of the mini-program code (wxacode.getUnlimited, scene = the code); null when WeChat refused. */
  miniCode: string | null;
  /** Why there is no mini-program code (Chinese), when there is none. */
  miniCodeNote: string | undefined;
}

/** One place (or team, school) an invitation can be for. */
export interface InviteChoice {
  /** Stable key for the page (a code or id). */
  key: string;
  label: string;
  /** Township name of a village (the page groups villages by it). */
  group: string | undefined;
  scope: Scope;
}

/** A role the caller may invite, with where it may apply. */
export interface InviteRoleOption {
  role: BoundRole;
  roleLabel: string;
  /** Several choices may be combined into one scope (police: several townships). */
  multiple: boolean;
  choices: InviteChoice[];
  /** Pairing members: the kind to choose. */
  pairingKinds: { value: PairingKind; label: string }[] | undefined;
  /** Township staff: may be made 负责人 (signs off reports). */
  supervisorOption: boolean;
  /** Why the role has no choice now (Chinese), e.g. no school registered yet. */
  unavailable: string | undefined;
}

/** `accounts.inviteOptions`: whom the caller may invite, from the child file or the staff page. */
export interface InviteOptions {
  /** From a child file: the child (masked for the caller) and the family members on file. */
  child: { childId: string; name: string; villageName: string; suggestions: { role: BoundRole; relation: string; name: string }[] } | undefined;
  roles: InviteRoleOption[];
}

/** An invitation as its issuer sees it (never the code). */
export interface InvitationView {
  invitationId: string;
  role: BoundRole;
  roleLabel: string;
  scope: Scope;
  /** Where it applies, in words (see InvitationCard.scopeText). */
  scopeText: string;
  pairingKind: PairingKind | undefined;
  inviteeName: string | undefined;
  status: InvitationStatus;
  issuedAt: Date;
  expiresAt: Date;
  acceptedAt: Date | undefined;
  /** The one-time setup code of the first county admin. */
  bootstrap: boolean | undefined;
}

/** A break-glass grant as the county admin (or its holder) sees it. */
export interface BreakGlassView {
  grantId: string;
  personId: string;
  personName: string;
  /** The child's name as the caller may see it (masking table). */
  childName: string | undefined;
  role: string;
  childId: string;
  villageCode: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  active: boolean;
  acknowledged: boolean;
}

/** A correction or erasure request. */
export interface CorrectionView {
  correctionId: string;
  childId: string;
  /** The child's name as the caller may see it (masking table); undefined once the file is erased. */
  childName: string | undefined;
  kind: 'correct' | 'erase';
  field: string | undefined;
  proposedValue: string | undefined;
  note: string | undefined;
  status: 'open' | 'done' | 'rejected';
  requestedAt: Date;
  resolvedAt: Date | undefined;
  resolution: string | undefined;
}

/** Who viewed a child's file (for the family and staff; names masked per role). */
export interface ChildViewEntry {
  at: Date;
  op: AuditOp;
  action: string;
  role: RoleName | 'system';
  roleLabel: string;
  name: string | undefined;
  breakGlass: boolean;
  reason: string | undefined;
}

/** An audit entry as the county admin reads it: the stored entry, and who in words. */
export type AuditLogEntry = AuditEntry & {
  id: string;
  _id: string;
  /** The actor's name (a person), when there is one. */
  actorName: string | undefined;
  /** The role's Chinese name (系统 for timers and functions). */
  roleLabel: string;
};

// ---------------------------------------------------------------------------------------------
// The action table

/** An urgent item that reached nobody, as the county admin's 工作台 lists it (_shared/urgent.ts). */
export interface UnreachedItem {
  kind: string;
  kindLabel: string;
  summary: string;
  /** Calendar day and time recorded, Asia/Shanghai, `YYYY-MM-DD HH:mm`. */
  recordedAt: string;
  /** The page it opens. */
  page: string;
}

export const accountsContract = defineContract('accounts', () => ({
  me: { summary: '我的：本人信息、角色及范围、当前角色', input: () => z.object({}).strict(), output: returns<MeView>() },
  switchRole: {
    summary: '切换当前角色（只能切换到本人已有的角色）',
    input: () => z.object({ role: anyRole }).strict(),
    output: returns<{ activeRole: RoleName }>(),
  },
  createInvitation: {
    summary: '发放邀请码：为某角色和范围生成一次性邀请码（及二维码）',
    input: () => z
      .object({
        role: roleSchema,
        scope: scopeSchema,
        pairingKind: z.enum(PAIRING_KINDS).optional(),
        supervisor: z.boolean().optional(),
        personId: idSchema.optional(),
        inviteeName: fields.personName('受邀人姓名'),
        inviteePhone: fields.phone('受邀人电话').optional(),
        ttlDays: z.number().int().min(1).max(30).default(INVITATION_POLICY.ttlDays),
        requestId: requestIdSchema,
      })
      .strict(),
    output: returns<CreatedInvitation>(),
  },
  inviteOptions: {
    summary: '可邀请的工作人员：本人可发放的角色及可选的范围（乡镇、村、热线团队、学校）',
    input: () => z.object({}).strict(),
    output: returns<InviteOptions>(),
  },
  familyInviteOptions: {
    summary: '从儿童档案邀请家人：可邀请的角色（父母、受委托监护人、结对帮扶人）及档案中登记的家人',
    input: () => z.object({ childId: idSchema }).strict(),
    output: returns<InviteOptions>(),
  },
  invitationCard: {
    summary: '再次出示一张尚未使用的邀请卡（二维码、邀请码，仅发放人）',
    input: () => z.object({ invitationId: idSchema }).strict(),
    output: returns<CreatedInvitation>(),
  },
  listInvitations: {
    summary: '查看我发放的（县管理员：本县的）邀请码及其状态',
    input: () => z.object({ status: z.enum(INVITATION_STATUSES).optional() }).strict(),
    output: returns<{ invitations: InvitationView[] }>(),
  },
  revokeInvitation: {
    summary: '撤销尚未使用的邀请码',
    input: () => z.object({ invitationId: idSchema }).strict(),
    output: returns<{ invitationId: string; status: 'revoked' }>(),
  },
  acceptInvitation: {
    summary: '接受邀请码（扫码或输入），将本微信绑定到相应角色',
    input: () => z.object({ code: z.string().trim().min(1).max(64) }).strict(),
    output: returns<AcceptedInvitation>(),
  },
  listBindings: {
    summary: '查看本人可管理范围内的人员角色绑定',
    input: () => z.object({ role: anyRole.optional(), includeRevoked: z.boolean().default(false) }).strict(),
    output: returns<{ bindings: StaffBinding[] }>(),
  },
  unreachedUrgent: {
    summary: '查看因无人可通知而未送达的紧急事项（强制报告、监护责令、热线转介及其督办）',
    input: () => z.object({}).strict(),
    output: returns<{ items: UnreachedItem[] }>(),
  },
  revokeBinding: {
    summary: '撤销某人的角色绑定（立即失去相应权限）',
    input: () => z.object({ bindingId: idSchema, reason: reasonSchema }).strict(),
    output: returns<{ bindingId: string; status: 'revoked' }>(),
  },
  openBreakGlass: {
    summary: '破窗访问：说明理由后临时查看管辖范围外的儿童档案（3小时，全程留痕并告知县管理员）',
    input: () => z.object({ childId: idSchema, reason: reasonSchema }).strict(),
    output: returns<{ needed: false } | { needed: true; grantId: string; expiresAt: Date }>(),
  },
  listBreakGlass: {
    summary: '破窗访问记录：乡镇人员看本人的，县管理员看本县全部（含待确认）',
    input: () => z.object({ onlyUnacknowledged: z.boolean().default(false) }).strict(),
    output: returns<{ grants: BreakGlassView[] }>(),
  },
  acknowledgeBreakGlass: {
    summary: '县管理员确认已知悉某次破窗访问（可选择立即终止）',
    input: () => z.object({ grantId: idSchema, endNow: z.boolean().default(false) }).strict(),
    output: returns<{ grantId: string; acknowledged: boolean; ended: boolean }>(),
  },
  consentText: { summary: '获取当前版本的监护人同意书文本', input: () => z.object({}).strict(), output: returns<{ version: string; text: string }>() },
  recordConsent: {
    summary: '记录监护人同意（或撤回同意）处理儿童个人信息',
    input: () => z
      .object({
        childId: idSchema,
        decision: z.enum(['given', 'withdrawn']),
        textVersion: z.string().min(1).max(20),
        /** Officers recording a paper form name the guardian who signed: a person, … */
        guardianPersonId: idSchema.optional(),
        /** … or the guardian's place on the child file (父亲 / 母亲 / 受委托监护人). */
        signedBy: z.enum(CONSENT_SIGNERS).optional(),
        requestId: requestIdSchema,
      })
      .strict(),
    output: returns<{ consentId: string; duplicate: boolean } | { consentId: string; status: 'given' | 'withdrawn'; at: Date }>(),
  },
  requestCorrection: {
    summary: '监护人申请更正或删除儿童档案中的信息',
    input: () => z
      .object({
        childId: idSchema,
        kind: z.enum(['correct', 'erase']).meta({ title: '申请类型' }),
        /** Which item is wrong, in words or as a field path (e.g. `guardians.0.phone`). */
        field: fields.freeText('需更正的信息', { min: 0, max: 60, multiline: false }).optional(),
        proposedValue: fields.freeText('正确的内容', { min: 0, max: 200 }).optional(),
        note: fields.freeText('补充说明', { min: 0, max: 500 }).optional(),
        requestId: requestIdSchema,
      })
      .strict(),
    output: returns<{ correctionId: string; duplicate: boolean } | { correctionId: string; status: 'open' }>(),
  },
  listCorrections: {
    summary: '查看更正/删除申请（工作人员：辖区内；监护人：本人孩子的）',
    input: () => z.object({ status: z.enum(['open', 'done', 'rejected']).optional() }).strict(),
    output: returns<{ corrections: CorrectionView[] }>(),
  },
  resolveCorrection: {
    summary: '处理更正/删除申请（已更正或不予更正，写明说明）',
    input: () => z.object({ correctionId: idSchema, decision: z.enum(['done', 'rejected']).meta({ title: '处理结果' }), resolution: fields.freeText('处理说明', { min: 2, max: 200 }) }).strict(),
    output: returns<{ correctionId: string; status: 'done' | 'rejected' }>(),
  },
  eraseChildData: {
    summary: '删除儿童个人信息：档案及其历史中的个人字段清除，仅保留删除记录',
    input: () => z.object({ childId: idSchema, reason: reasonSchema }).strict(),
    output: returns<{ childId: string; alreadyErased: boolean } | { childId: string; erasedAt: Date }>(),
  },
  whoViewedChild: {
    summary: '谁查看过这个孩子：该档案的查看、修改及破窗访问记录',
    input: () => z.object({ childId: idSchema, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: returns<{ entries: ChildViewEntry[] }>(),
  },
  queryAuditLog: {
    summary: '县管理员查询审计日志（按人员、儿童、类型、时间、破窗）',
    input: () => z
      .object({
        personId: idSchema.optional(),
        childId: idSchema.optional(),
        op: z.string().max(20).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        breakGlassOnly: z.boolean().default(false),
        skip: z.number().int().min(0).max(100_000).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: returns<{ entries: AuditLogEntry[] }>(),
  },
  revealChildField: {
    summary: '查看儿童档案中某字段的完整值（如身份证号、电话），须说明理由，留痕',
    input: () => z.object({ childId: idSchema, path: z.string().regex(/^[A-Za-z0-9_.]{1,80}$/), reason: reasonSchema }).strict(),
    output: returns<{ path: string; value: string }>(),
  },
  revealPersonField: {
    summary: '查看人员的完整电话或身份证号，须说明理由，留痕',
    input: () => z.object({ personId: idSchema, field: z.enum(['phone', 'idNumber']), reason: reasonSchema }).strict(),
    output: returns<{ field: 'phone' | 'idNumber'; value: string }>(),
  },
}));
