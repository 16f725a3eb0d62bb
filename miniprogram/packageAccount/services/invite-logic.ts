/**
 * Pure logic of 邀请 and 人员与邀请 (no `wx`, unit-tested in node): the invite form (which places
 * a role offers, villages grouped by township, the input `accounts.createInvitation` takes), the
 * invitation card as it reads, and the rows of the staff page. Roles, places and what may be
 * combined come from the server (`accounts.inviteOptions`), never decided here.
 */
import type { CreatedInvitation, InvitationView, InviteChoice, InviteOptions, InviteRoleOption, StaffBinding } from '../../contracts/accounts';
import { INVITATION_STATUS_LABELS, INVITATION_TTL_CHOICES, PAIRING_KIND_LABELS } from '../../contracts/accounts';
import { normalizeInvitationCode, spokenCode } from '../../services/accounts-logic';
import { formatTime } from '../../utils/time';

export type { InviteOptions, InviteRoleOption };

/** What the person filled in. */
export interface InviteForm {
  role: string;
  /** Keys of the chosen places (one, or several where `multiple`). */
  choiceKeys: string[];
  /** The township whose villages are listed (villages are picked in two steps). */
  town: string;
  pairingKind: string;
  supervisor: boolean;
  name: string;
  phone: string;
  ttlDays: number;
  /** Client request id: a retry of the same form never makes a second invitation. */
  requestId: string;
}

export function emptyInviteForm(requestId: string, role = '', name = ''): InviteForm {
  return { role, choiceKeys: [], town: '', pairingKind: '', supervisor: false, name, phone: '', ttlDays: INVITATION_TTL_CHOICES[0], requestId };
}

/** The option of the chosen role. */
export function optionOf(options: Pick<InviteOptions, 'roles'> | null | undefined, role: string): InviteRoleOption | undefined {
  return options ? options.roles.find((r) => r.role === role) : undefined;
}

/** Townships whose villages a role offers (in order of first appearance), or [] when not grouped. */
export function townsOf(option: InviteRoleOption | undefined): { key: string; label: string }[] {
  if (!option) return [];
  const seen: string[] = [];
  for (const c of option.choices) if (c.group && seen.indexOf(c.group) < 0) seen.push(c.group);
  return seen.map((g) => ({ key: g, label: g }));
}

/** The places listed for picking now: a grouped role lists the chosen township's villages only. */
export function visibleChoices(option: InviteRoleOption | undefined, town: string): InviteChoice[] {
  if (!option) return [];
  if (!townsOf(option).length) return option.choices;
  return town ? option.choices.filter((c) => c.group === town) : [];
}

/** Lifetimes to choose, in words. */
export const TTL_OPTIONS = INVITATION_TTL_CHOICES.map((d) => ({ value: d, label: `${d}天` }));

/**
 * The `createInvitation` input for a filled form, or what is missing (Chinese, one thing at a
 * time, in the order the form asks). With one place only, it is chosen without asking.
 */
export function invitationInput(
  form: InviteForm,
  options: Pick<InviteOptions, 'roles'> | null,
): { ok: true; input: Record<string, unknown> } | { ok: false; message: string } {
  const option = optionOf(options, form.role);
  if (!option) return { ok: false, message: '请选择邀请的身份' };
  if (option.unavailable || !option.choices.length) return { ok: false, message: option.unavailable || '没有可邀请的范围' };
  const keys = option.choices.length === 1 ? [option.choices[0].key] : form.choiceKeys;
  const chosen = option.choices.filter((c) => keys.indexOf(c.key) >= 0);
  if (!chosen.length) return { ok: false, message: townsOf(option).length && !form.town ? '请先选择乡镇，再选择村（社区）' : '请选择邀请到哪里' };
  if (option.pairingKinds && !form.pairingKind) return { ok: false, message: '请选择结对帮扶人的类型' };
  if (!form.name.trim()) return { ok: false, message: '请填写受邀人姓名' };
  const scope =
    option.multiple && chosen.length > 1 && chosen.every((c) => c.scope.kind === 'region')
      ? { kind: 'region', codes: chosen.map((c) => (c.scope as { codes: string[] }).codes[0]) }
      : chosen[0].scope;
  const input: Record<string, unknown> = { role: option.role, scope, inviteeName: form.name.trim(), ttlDays: form.ttlDays, requestId: form.requestId };
  if (form.phone.trim()) input.inviteePhone = form.phone.trim();
  if (option.pairingKinds) input.pairingKind = form.pairingKind;
  if (option.supervisorOption && form.supervisor) input.supervisor = true;
  return { ok: true, input };
}

/** The invitation card as it reads. */
export interface CardView {
  invitationId: string;
  title: string;
  roleLabel: string;
  scopeText: string;
  inviteeName: string;
  expiresText: string;
  /** The picture to scan: the mini-program code, or the plain QR code when WeChat made none. */
  image: string;
  imageHint: string;
  code: string;
  spoken: string;
  sharePath: string;
}

export function cardView(c: CreatedInvitation): CardView {
  const card = c.card;
  return {
    invitationId: c.invitationId,
    title: `邀请 ${card.inviteeName} 成为${card.roleLabel}`,
    roleLabel: card.roleLabel,
    scopeText: card.scopeText,
    inviteeName: card.inviteeName,
    expiresText: formatTime(card.expiresAt),
    image: card.miniCode || c.qrImage,
    imageHint: card.miniCode ? '请对方用微信“扫一扫”扫描这个小程序码' : card.miniCodeNote || '请对方在“我的 → 输入邀请码”中扫描这个二维码',
    code: normalizeInvitationCode(c.code),
    spoken: spokenCode(c.code),
    sharePath: `/${card.sharePath}`,
  };
}

/** The share card's title: the role only (a forwarded card must not carry a person's name). */
export function shareTitle(roleLabel: string): string {
  return `邀请您在“守望”小程序中绑定为${roleLabel}`;
}

/** One invitation on the staff page. */
export interface InvitationRow {
  id: string;
  title: string;
  description: string;
  status: string;
  statusLabel: string;
  tone: string;
  open: boolean;
}

const STATUS_TONES: Record<string, string> = { open: 'info', accepted: 'success', revoked: 'neutral', locked: 'danger', expired: 'warning' };

export function invitationRows(list: readonly InvitationView[]): InvitationRow[] {
  return list.map((i) => ({
    id: i.invitationId,
    title: `${i.inviteeName || '受邀人'} · ${i.roleLabel}`,
    description: `${i.scopeText} · ${i.status === 'open' ? `${formatTime(i.expiresAt)}前有效` : `发放于${formatTime(i.issuedAt)}`}`,
    status: i.status,
    statusLabel: (INVITATION_STATUS_LABELS as Record<string, string>)[i.status] || '未知',
    tone: STATUS_TONES[i.status] || 'neutral',
    open: i.status === 'open',
  }));
}

/** One bound person on the staff page. */
export interface BindingRow {
  id: string;
  title: string;
  description: string;
}

export function bindingRows(list: readonly StaffBinding[]): BindingRow[] {
  return list
    .filter((b) => b.status === 'active')
    .map((b) => ({
      id: b.bindingId,
      title: `${b.personName || '（姓名不可见）'} · ${b.roleLabel}${b.supervisor ? '（负责人）' : ''}${b.pairingKind ? ` · ${(PAIRING_KIND_LABELS as Record<string, string>)[b.pairingKind] || ''}` : ''}`,
      description: `${b.scopeText}${b.grantedAt ? ` · ${formatTime(b.grantedAt)}绑定` : ''}`,
    }));
}

/** A revocation reason is at least 4 characters (the server's rule, said before sending). */
export function checkRevokeReason(reason: string): string | null {
  return reason.trim().length >= 4 ? null : '请写明撤销原因（至少4个字），例如“已调离岗位”';
}
