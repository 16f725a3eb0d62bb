/**
 * Pure logic of the accounts pages (我的, 接受邀请): what `accounts.me` returns, how roles and
 * scopes read in Chinese, who counts as staff, and how invitation codes and their errors are
 * presented. No `wx` here, so it is unit-tested in node (tests/unit/miniprogram-accounts*.test.ts).
 * The shapes `accounts.me` and `acceptInvitation` answer with come from the generated contracts.
 */
import type { AcceptedInvitation, MeRole, MeView } from '../contracts/accounts';

export type { AcceptedInvitation, MeRole, MeView };

/** One row of 我的角色, ready to render. */
export interface RoleRow {
  role: MeRole['role'];
  /** e.g. `乡镇工作人员（负责人）`, `结对帮扶人 · 志愿者`. */
  title: string;
  /** Where the role applies, e.g. `团结社区`, `2名儿童`. */
  scopeText: string;
  active: boolean;
}

/** Roles that are not staff: parents, guardians and the public never see 工作台. */
const NON_STAFF_ROLES = new Set(['public', 'parent', 'entrustedGuardian', 'guardian']);

/** True when any of `roles` is a staff role (anything bound other than parent/guardian/public). */
export function hasStaffRole(roles: readonly string[]): boolean {
  return roles.some((r) => !NON_STAFF_ROLES.has(r));
}

/** Where a binding applies, in words a user reads. */
export function scopeText(r: Pick<MeRole, 'scope' | 'scopeNames'>): string {
  const s = r.scope;
  switch (s.kind) {
    case 'region':
      return (r.scopeNames.length ? r.scopeNames : s.codes).join('、');
    case 'school':
      return r.scopeNames.length ? `本校（${r.scopeNames.join('、')}）` : '本校';
    case 'team':
      return '本热线团队';
    case 'site':
      return r.scopeNames.length ? `本机构（${r.scopeNames.join('、')}）` : '本机构';
    case 'children':
      return `${s.childIds.length}名儿童`;
    default:
      return '';
  }
}

/** The rows of 我的角色: one per binding, the active one marked. */
export function roleRows(me: Pick<MeView, 'roles' | 'activeRole'>): RoleRow[] {
  return me.roles.map((r) => ({
    role: r.role,
    title: `${r.roleLabel}${r.supervisor ? '（负责人）' : ''}${r.pairingKindLabel ? ` · ${r.pairingKindLabel}` : ''}`,
    scopeText: scopeText(r),
    active: r.role === me.activeRole,
  }));
}

/** Prefix some QR codes carry before the code itself. */
const QR_PREFIX = /^shouwang:invite:/i;
/** Characters of a code: 4 (handle) + 6 (secret). */
const CODE_LENGTH = 10;

/**
 * What a user typed or scanned, cleaned the way the server reads it: the QR prefix dropped,
 * spaces and dashes removed, upper case, then shown as `XXXX-XXXXXX` when it has the right length.
 * @returns the cleaned code ('' for blank input)
 */
export function normalizeInvitationCode(text: string): string {
  const cleaned = String(text ?? '')
    .trim()
    .replace(QR_PREFIX, '')
    .toUpperCase()
    .replace(/[\s\-_－—]+/g, '');
  return cleaned.length === CODE_LENGTH ? `${cleaned.slice(0, 4)}-${cleaned.slice(4)}` : cleaned;
}

/**
 * Checks a code before sending it (every failed try counts against the user's limit).
 * @returns a Chinese message for the user, or null when it looks like a code
 */
export function checkInvitationCode(text: string): string | null {
  const cleaned = normalizeInvitationCode(text).replace('-', '');
  if (!cleaned) return '请输入邀请码';
  if (!/^[A-Z0-9]+$/.test(cleaned) || cleaned.length !== CODE_LENGTH) return '邀请码为10位字母和数字（如 K7M3-Q8R2TX），请核对后重新输入';
  return null;
}

/** The Chinese a user reads for each accounts error code of accepting an invitation. */
export const INVITATION_ERROR_MESSAGES: Record<string, string> = {
  INVITATION_INVALID: '邀请码不正确，请核对后重新输入',
  INVITATION_EXPIRED: '邀请码已过期，请联系发放人重新生成',
  INVITATION_USED: '该邀请码已被使用。如不是您本人使用，请联系发放人',
  INVITATION_REVOKED: '该邀请码已被发放人撤销，请联系发放人',
  INVITATION_LOCKED: '该邀请码因多次输错已被锁定，请联系发放人重新生成',
  RATE_LIMITED: '输错次数过多，请10分钟后再试',
  SETUP_DONE: '系统已有县管理员，初始化码已失效',
};

/** The message to show for a failed accept: ours for known codes, else the server's (Chinese). */
export function invitationErrorMessage(error: { code: string; message: string }): string {
  return INVITATION_ERROR_MESSAGES[error.code] ?? error.message;
}

/**
 * What a scan gave, as a code for the input: the `scene` of a mini-program code's page path
 * (`packageAccount/pages/accept/index?scene=K7M3-Q8R2TX`), else the QR code's text.
 */
export function codeFromScan(result: string, path?: string): string {
  const scene = /[?&]scene=([^&]+)/.exec(path || '') || /[?&](?:scene|code)=([^&]+)/.exec(result || '');
  if (scene) {
    try {
      return normalizeInvitationCode(decodeURIComponent(scene[1]));
    } catch {
      return normalizeInvitationCode(scene[1]);
    }
  }
  return normalizeInvitationCode(result);
}

/** How digits read aloud, so a code can be read out on the phone without 1/7 or 6/9 mix-ups. */
const SPOKEN_DIGITS: Record<string, string> = { '2': '二', '3': '三', '4': '四', '5': '五', '6': '六', '7': '七', '8': '八', '9': '九' };

/**
 * A code as it is read out on the phone: each character on its own, digits in Chinese, the two
 * parts apart — `K7M3-Q8R2TX` → `K、七、M、三，Q、八、R、二、T、X`.
 */
export function spokenCode(code: string): string {
  return normalizeInvitationCode(code)
    .split('-')
    .map((part) => Array.from(part).map((c) => SPOKEN_DIGITS[c] ?? c).join('、'))
    .join('，');
}

/** True when a `wx.*` failure was the user refusing the privacy guidelines. */
export function isPrivacyRefusal(errMsg: string | undefined): boolean {
  return /privacy permission is not authorized|privacy agreement/i.test(errMsg ?? '');
}

/** True when a `wx.scanCode` failure was the user closing the scanner. */
export function isScanCancel(errMsg: string | undefined): boolean {
  return /cancel/i.test(errMsg ?? '');
}
