/**
 * Pure presentation of the privacy pages (docs/access.md): who viewed a file, the audit log,
 * correction requests and break-glass grants as rows in words — role names, what was done, when
 * (Beijing time) — never a code, an id or an action key. Labels come from the generated accounts
 * contract. No `wx`, no I/O.
 */
import { AUDIT_OP_LABELS, AUDIT_TARGET_LABELS, ROLE_LABELS, type AuditLogEntry, type BreakGlassView, type ChildViewEntry, type CorrectionView } from '../../contracts/accounts';
import { CHILD_FIELD_LABELS } from '../../contracts/registry';
import { formatTime } from '../../utils/time';

const opWord = (op: string): string => (AUDIT_OP_LABELS as Record<string, string>)[op] ?? '其他操作';
const targetWord = (kind: string | undefined): string => (kind ? (AUDIT_TARGET_LABELS as Record<string, string>)[kind] ?? '其他记录' : '');
/** A role's Chinese name; 系统 for timers and functions. */
export const roleWord = (role: string): string => (ROLE_LABELS as Record<string, string>)[role] ?? '系统';
/** A field of a child file in words (`father.phone` → 父亲电话); fields without a label read 个人信息. */
const fieldWord = (path: string): string => (CHILD_FIELD_LABELS as Record<string, string>)[path] ?? '个人信息';

export interface EntryRow {
  id: string;
  title: string;
  description: string;
  tag: string;
  tone: 'danger' | 'neutral';
}

/** 谁查看过: who (name and role), what, when; break-glass entries carry their reason. */
export function viewerRows(entries: readonly ChildViewEntry[]): EntryRow[] {
  return entries.map((e, i) => ({
    id: `${e.at}-${i}`,
    title: `${e.name ? `${e.name}（${e.roleLabel}）` : e.roleLabel}${opWord(e.op)}了档案`,
    description: [formatTime(e.at), e.breakGlass && e.reason ? `理由：${e.reason}` : ''].filter(Boolean).join(' · '),
    tag: e.breakGlass ? '破窗访问' : '',
    tone: e.breakGlass ? 'danger' : 'neutral',
  }));
}

/** One audit entry: who, what (and on what), when, why. */
export function auditRows(entries: readonly AuditLogEntry[]): (EntryRow & { personId: string; who: string })[] {
  return entries.map((e) => {
    const who = e.actorName ? `${e.actorName}（${e.roleLabel}）` : e.roleLabel;
    const what = `${opWord(e.op)}${e.target ? `·${targetWord(e.target.kind)}` : ''}${e.count !== undefined ? `（${e.count}条）` : ''}`;
    const fields = e.fields && e.fields.length ? `字段：${e.fields.map(fieldWord).join('、')}` : '';
    return {
      id: e.id,
      personId: e.actor.personId ?? '',
      who,
      title: `${who} ${what}`,
      description: [formatTime(e.at), e.reason ? `理由：${e.reason}` : '', fields].filter(Boolean).join(' · '),
      tag: e.breakGlass ? '破窗访问' : '',
      tone: e.breakGlass ? 'danger' : 'neutral',
    };
  });
}

export interface CorrectionRow {
  id: string;
  childId: string;
  childName: string;
  title: string;
  description: string;
  detail: string;
  kind: 'correct' | 'erase';
  open: boolean;
  tag: string;
  tone: 'warning' | 'success' | 'neutral';
}

const STATUS: Record<CorrectionView['status'], { tag: string; tone: CorrectionRow['tone'] }> = {
  open: { tag: '待处理', tone: 'warning' },
  done: { tag: '已办理', tone: 'success' },
  rejected: { tag: '不予更正', tone: 'neutral' },
};

/** A correction or erasure request: what is asked, for which child, where it stands. */
export function correctionRows(list: readonly CorrectionView[]): CorrectionRow[] {
  return [...list]
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || String(b.requestedAt).localeCompare(String(a.requestedAt)))
    .map((c) => ({
      id: c.correctionId,
      childId: c.childId,
      childName: c.childName ?? '',
      title: `${c.childName ?? '（已删除的档案）'} · ${c.kind === 'erase' ? '申请删除个人信息' : `申请更正${c.field ? `：${c.field}` : ''}`}`,
      description: `${formatTime(c.requestedAt)} 提出${c.resolvedAt ? ` · ${formatTime(c.resolvedAt)} 处理` : ''}`,
      detail: [c.proposedValue ? `应为：${c.proposedValue}` : '', c.note ? `说明：${c.note}` : '', c.resolution ? `处理结果：${c.resolution}` : ''].filter(Boolean).join('\n'),
      kind: c.kind,
      open: c.status === 'open',
      ...STATUS[c.status],
    }));
}

export interface GrantRow {
  id: string;
  personId: string;
  childId: string;
  title: string;
  description: string;
  reason: string;
  active: boolean;
  acknowledged: boolean;
  tag: string;
  tone: 'danger' | 'warning' | 'neutral';
}

/** A break-glass grant: who opened whose file, why, when, and whether it is still open or acknowledged. */
export function grantRows(list: readonly BreakGlassView[]): GrantRow[] {
  return list.map((g) => ({
    id: g.grantId,
    personId: g.personId,
    childId: g.childId,
    title: `${g.personName || '工作人员'}（${roleWord(g.role)}）查看了${g.childName ?? '一名儿童'}的档案`,
    description: `${formatTime(g.openedAt)} 起，${g.active ? `${formatTime(g.expiresAt)} 到期` : '已结束'}`,
    reason: g.reason,
    active: g.active,
    acknowledged: g.acknowledged,
    tag: g.active ? '进行中' : g.acknowledged ? '已确认' : '待确认',
    tone: g.active ? 'danger' : g.acknowledged ? 'neutral' : 'warning',
  }));
}

/** The consent status of a file in words. */
export function consentStatus(consent: { status?: string } | undefined): { text: string; tone: 'success' | 'warning' } {
  if (consent?.status === 'given') return { text: '已同意', tone: 'success' };
  if (consent?.status === 'withdrawn') return { text: '已撤回同意', tone: 'warning' };
  return { text: '尚未确认', tone: 'warning' };
}
