/**
 * Pure logic of the guardianship staff pages (no `wx`, no calls): the confirmation section of the
 * child file, the order list and the contact form, the signing tasks, and the county settings
 * form with its Chinese validation messages. Labels, value sets and ranges are the contract's
 * (generated `contracts/guardianship.ts`), so the form refuses what the function would refuse.
 */
import {
  CONTACT_METHODS,
  GUARDIANSHIP_CONFIG_FIELDS,
  GUARDIANSHIP_TEXT_LIMITS,
  ORDER_REASON_LABELS,
  PARTY_LABELS,
  REVOKE_REASONS,
  REVOKE_REASON_LABELS,
  type AssistedPartyKey,
  type ConfirmationStatus,
  type ContactMethod,
  type GuardianshipConfig,
  type GuardianshipConfigKey,
  type OrderView,
  type PartyKey,
  type RevokeReason,
  type SigningTask,
} from '../contracts/guardianship';

export type { GuardianshipConfig, SigningTask };

// ---------------------------------------------------------------------------------------------
// Roles

/** Who may prepare and revoke confirmations (the function's OFFICER_ROLES). */
export const CONFIRMATION_OFFICERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'];
/** Who may log a contact on an order (the function's `logOrderContact`). */
export const CONTACT_LOGGERS = ['villageOfficer', 'townshipStaff', 'police'];
/** Staff who see orders and may open the child's file from one. */
export const ORDER_STAFF = ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'];

export const hasAnyRole = (roles: readonly string[], allowed: readonly string[]): boolean => roles.some((r) => allowed.indexOf(r) >= 0);

// ---------------------------------------------------------------------------------------------
// The confirmation section of the child file

/** The part of a confirmation (as `listConfirmations` shows it) the section needs. */
export interface ConfirmationBrief {
  id: string;
  status: ConfirmationStatus;
  expiresOn?: string;
  revokeReason?: string;
  parties: { key: PartyKey; signed: boolean }[];
}

export type ConfirmationState = 'inForce' | 'pending' | 'expired' | 'none';

export interface ConfirmationSummary {
  state: ConfirmationState;
  /** 生效中 / 待签署 / 已到期 / 暂无. */
  label: string;
  /** One line under the label (validity, signatures, revocation). */
  detail: string;
  /** The confirmation the link opens (none for `none`). */
  openId?: string;
  /** A pending confirmation besides the one in force (a renewal being signed). */
  pendingId?: string;
  /** The server refuses a second pending confirmation, so preparing needs none pending. */
  canPrepare: boolean;
  /** Confirmations that can still be revoked (in force or pending), with what the button says. */
  revocable: { id: string; label: string }[];
}

function signedText(c: ConfirmationBrief): string {
  const signed = c.parties.filter((p) => p.signed).length;
  const waiting = c.parties.filter((p) => !p.signed).map((p) => PARTY_LABELS[p.key]);
  return `已签 ${signed}/${c.parties.length}${waiting.length ? `，待${waiting.join('、')}签署` : ''}`;
}

/**
 * What the child file says about the child's confirmations (newest first, as listConfirmations
 * returns them): the one in force wins, then the pending one, then an expired one; otherwise none
 * (saying so when the latest was revoked).
 */
export function confirmationSummary(list: readonly ConfirmationBrief[]): ConfirmationSummary {
  const inForce = list.find((c) => c.status === 'inForce');
  const pending = list.find((c) => c.status === 'pending');
  const revocable: { id: string; label: string }[] = [];
  if (inForce) revocable.push({ id: inForce.id, label: '撤销生效中的确认书' });
  if (pending) revocable.push({ id: pending.id, label: '撤销待签署的确认书' });
  const canPrepare = !pending;
  if (inForce) {
    return {
      state: 'inForce',
      label: '生效中',
      detail: `${inForce.expiresOn ? `有效期至 ${inForce.expiresOn} 前一日` : '已生效'}${pending ? '；另有一份新确认书待签署' : ''}`,
      openId: inForce.id,
      ...(pending ? { pendingId: pending.id } : {}),
      canPrepare,
      revocable,
    };
  }
  if (pending) return { state: 'pending', label: '待签署', detail: signedText(pending), openId: pending.id, canPrepare, revocable };
  const latest = list[0];
  const expired = list.find((c) => c.status === 'expired');
  if (expired && latest && latest.status === 'expired') {
    return { state: 'expired', label: '已到期', detail: `${expired.expiresOn ? `已于 ${expired.expiresOn} 到期，` : ''}请重新签订`, openId: expired.id, canPrepare, revocable };
  }
  const revoked = latest && latest.status === 'revoked';
  const why = revoked && latest.revokeReason ? REVOKE_REASON_LABELS[latest.revokeReason as RevokeReason] ?? latest.revokeReason : '';
  return {
    state: 'none',
    label: '暂无',
    detail: revoked ? `最近一份已撤销${why ? `（${why}）` : ''}，请重新签订` : '尚未签订监护责任确认书',
    ...(revoked ? { openId: latest.id } : {}),
    canPrepare,
    revocable,
  };
}

/** The guardians a confirmation prepared from this file would name (the function's `partiesFromChild`). */
export function partiesPreview(child: { father?: { name?: string }; mother?: { name?: string }; entrusted?: { name?: string } }): { labels: string[]; problem?: string } {
  const labels: string[] = [];
  if (child.father?.name) labels.push(PARTY_LABELS.father);
  if (child.mother?.name) labels.push(PARTY_LABELS.mother);
  if (child.entrusted?.name) labels.push(PARTY_LABELS.entrusted);
  if (!labels.length) return { labels: [PARTY_LABELS.village], problem: '档案中未填写父母或受委托监护人姓名，请先修改档案再准备确认书' };
  labels.push(PARTY_LABELS.village);
  return { labels };
}

/**
 * Guardian lines a village officer may sign with assistance (the function's `signAssisted`: a
 * pending document, an unsigned father / mother / entrusted line; never the committee's line).
 */
export function assistableParties(c: { status: string; parties: { key: PartyKey; signed: boolean }[] }, roles: readonly string[]): { key: AssistedPartyKey; label: string }[] {
  if (c.status !== 'pending' || roles.indexOf('villageOfficer') < 0) return [];
  const out: { key: AssistedPartyKey; label: string }[] = [];
  for (const p of c.parties) if (p.key !== 'village' && !p.signed) out.push({ key: p.key, label: PARTY_LABELS[p.key] });
  return out;
}

/** Checks a revocation before sending it. */
export function validateRevoke(reason: string, note: string): { ok: true; input: { reason: RevokeReason; note?: string } } | { ok: false; message: string } {
  if (!(REVOKE_REASONS as readonly string[]).includes(reason)) return { ok: false, message: '请选择撤销原因' };
  const n = note.trim();
  const max = GUARDIANSHIP_TEXT_LIMITS.revokeNote;
  if (n.length > max) return { ok: false, message: `说明不能超过 ${max} 字` };
  if (reason === 'other' && !n) return { ok: false, message: '原因为“其他”时请填写说明' };
  return { ok: true, input: { reason: reason as RevokeReason, ...(n ? { note: n } : {}) } };
}

// ---------------------------------------------------------------------------------------------
// Orders

export interface OrderRow {
  id: string;
  title: string;
  description: string;
  overdue: boolean;
  escalated: boolean;
  closed: boolean;
}

/** A short handle for a child when the function gives no name: the end of the file id. */
export function childHandle(o: { childId: string; childName?: string }): string {
  if (o.childName) return o.childName;
  return `儿童（档案号尾号 ${o.childId.slice(-6)}）`;
}

/**
 * What an order row reads of an order (`listOrders`): the child's name is shown when given (the
 * function does not send it today), and only the number of contacts is used.
 */
export type OrderRowSource = Pick<OrderView, 'id' | 'childId' | 'status' | 'dueOn' | 'overdue' | 'escalated' | 'resolutionLabel'> & {
  childName?: string;
  reason: string;
  contacts: readonly unknown[];
};

/** Rows of the orders page, overdue first, then by deadline. */
export function orderRows(orders: readonly OrderRowSource[]): OrderRow[] {
  const sorted = orders.slice().sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return sorted.map((o) => {
    const contacts = o.contacts.length;
    const parts = [(ORDER_REASON_LABELS as Record<string, string>)[o.reason] ?? o.reason, `期限 ${o.dueOn}`, contacts ? `已联系 ${contacts} 次` : '尚未联系'];
    if (o.status === 'closed') parts.splice(1, 2, `已办结${o.resolutionLabel ? `：${o.resolutionLabel}` : ''}`);
    return { id: o.id, title: childHandle(o), description: parts.join(' · '), overdue: o.overdue, escalated: o.escalated, closed: o.status === 'closed' };
  });
}

/** The contact form on the order page. */
export interface ContactForm {
  method: string;
  reached: boolean | null;
  note: string;
  promisedOn: string;
}

export function emptyContactForm(): ContactForm {
  return { method: 'phone', reached: null, note: '', promisedOn: '' };
}

export type ContactInput = { method: ContactMethod; reached: boolean; note: string; promisedOn?: string };

/** Checks the contact form (the function's `logOrderContactInput`), in Chinese. */
export function validateContact(f: ContactForm): { ok: true; input: ContactInput } | { ok: false; message: string } {
  if (!(CONTACT_METHODS as readonly string[]).includes(f.method)) return { ok: false, message: '请选择联系方式' };
  if (f.reached === null) return { ok: false, message: '请选择是否联系上父母' };
  const note = f.note.trim();
  const { min, max } = GUARDIANSHIP_TEXT_LIMITS.contactNote;
  if (note.length < min) return { ok: false, message: `请填写联系情况（至少 ${min} 个字）` };
  if (note.length > max) return { ok: false, message: `联系情况不能超过 ${max} 字` };
  if (f.promisedOn && !/^\d{4}-\d{2}-\d{2}$/.test(f.promisedOn)) return { ok: false, message: '承诺日期格式应为 YYYY-MM-DD' };
  return { ok: true, input: { method: f.method as ContactMethod, reached: f.reached, note, ...(f.promisedOn ? { promisedOn: f.promisedOn } : {}) } };
}

// ---------------------------------------------------------------------------------------------
// Signing tasks

export interface TaskRow {
  key: string;
  id: string;
  party: PartyKey;
  title: string;
  description: string;
  url: string;
}

/** One row per line I can sign, oldest first; each opens the signing page for that line. */
export function taskRows(tasks: readonly SigningTask[]): TaskRow[] {
  const sorted = tasks.slice().sort((a, b) => (String(a.preparedAt) < String(b.preparedAt) ? -1 : 1));
  return sorted.flatMap((t) =>
    t.parties.map((party) => ({
      key: `${t.id}:${party}`,
      id: t.id,
      party,
      title: t.title,
      description: `签署方：${PARTY_LABELS[party] ?? party} · 制作于 ${String(t.preparedAt).slice(0, 10)}`,
      url: `/packageGuardianship/pages/sign/index?id=${encodeURIComponent(t.id)}&party=${party}`,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// County settings

export const CONFIG_KEYS = Object.keys(GUARDIANSHIP_CONFIG_FIELDS) as GuardianshipConfigKey[];
export type ConfigKey = GuardianshipConfigKey;

/** Each setting: its label and the range the function accepts (days). */
export const CONFIG_FIELDS: Record<ConfigKey, { label: string; min: number; max: number }> = GUARDIANSHIP_CONFIG_FIELDS;

export type ConfigUpdate = Partial<GuardianshipConfig> & { reason: string };

/**
 * Checks the settings form: whole days within the function's ranges, the reminder before the end
 * of validity, and a reason. Returns only the settings that changed.
 */
export function validateConfig(
  form: Record<ConfigKey, string>,
  current: GuardianshipConfig,
  reason: string,
): { ok: true; input: ConfigUpdate; changed: ConfigKey[] } | { ok: false; message: string; field?: ConfigKey } {
  const values = {} as GuardianshipConfig;
  for (const k of CONFIG_KEYS) {
    const f = CONFIG_FIELDS[k];
    const raw = String(form[k] ?? '').trim();
    if (!raw) return { ok: false, field: k, message: `请填写${f.label}` };
    if (!/^\d+$/.test(raw)) return { ok: false, field: k, message: `${f.label}须为整数天数` };
    const n = Number(raw);
    if (n < f.min || n > f.max) return { ok: false, field: k, message: `${f.label}应在 ${f.min}–${f.max} 天之间` };
    values[k] = n;
  }
  if (values.confirmationReminderLeadDays >= values.confirmationExpiryDays) {
    return { ok: false, field: 'confirmationReminderLeadDays', message: '到期提醒的提前天数应小于确认书有效期' };
  }
  const changed = CONFIG_KEYS.filter((k) => values[k] !== current[k]);
  if (!changed.length) return { ok: false, message: '设置没有变化' };
  const why = reason.trim();
  const limit = GUARDIANSHIP_TEXT_LIMITS.configReason;
  if (why.length < limit.min) return { ok: false, message: `请填写修改理由（至少 ${limit.min} 个字，将留痕）` };
  if (why.length > limit.max) return { ok: false, message: `修改理由不能超过 ${limit.max} 字` };
  const input: ConfigUpdate = { reason: why };
  for (const k of changed) input[k] = values[k];
  return { ok: true, input, changed };
}
