/**
 * Pure presentation logic of the registry pages (工作台 › 儿童档案): list filters to the
 * `registry.searchChildren` input, import progress, history lines, the edit form (coverage:
 * coverage-logic.ts; the county summary: summary-logic.ts).
 * Labels are the contract's (`LABELS`, `CHILD_FIELD_LABELS` in the generated contracts/registry.ts).
 * No `wx`, no I/O: unit-tested in tests/components/registry-logic.test.ts.
 */
import { CHILD_FIELD_LABELS, LABELS, type ChildListItem } from '../../contracts/registry';
import type { ActionInput } from '../../contracts/index';


export type { ChildListItem };

type SearchInput = ActionInput<'registry', 'searchChildren'>;

/** Filters of the list page. */
export interface ListFilters {
  keyword: string;
  riskLevel: string;
  flag: string;
  incompleteOnly: boolean;
}

/**
 * The `searchChildren` input for the filters: an 18-character keyword (digits, X) is an ID
 * number, anything else a name; empty filters are left out.
 */
export function searchInput(f: ListFilters, skip: number, limit = 20): SearchInput {
  const input: SearchInput = { skip, limit };
  const k = f.keyword.trim();
  if (/^\d{17}[\dXx]$/.test(k) || /^\d{15}$/.test(k)) input.idNumber = k.toUpperCase();
  else if (k) input.name = k;
  if (f.riskLevel) input.riskLevel = f.riskLevel as SearchInput['riskLevel'];
  if (f.flag) input.flags = [f.flag] as SearchInput['flags'];
  if (f.incompleteOnly) input.incomplete = true;
  return input;
}

/** One line of the list: title and description (Chinese). */
export function listRow(c: Omit<ChildListItem, 'townshipCode'>): { id: string; title: string; description: string; note: string; tone: 'danger' | 'warning' | 'neutral' } {
  const sex = c.gender === 'male' ? '男' : c.gender === 'female' ? '女' : '';
  const parts = [sex, c.age !== undefined && c.age >= 0 ? `${c.age}岁` : '', c.group ?? ''].filter(Boolean);
  const flags = c.flags.map((f) => LABELS.flag[f] ?? f);
  return {
    id: c.id,
    title: c.name ?? '（姓名不可见）',
    description: [parts.join(' · '), flags.length ? `标记：${flags.join('、')}` : '', c.incomplete ? '档案待补全' : ''].filter(Boolean).join('；'),
    note: c.riskLevel ? LABELS.risk[c.riskLevel] ?? '' : '',
    // The word carries the level; the tone only repeats it.
    tone: c.riskLevel === 'focus' ? 'danger' : c.riskLevel === 'attention' ? 'warning' : 'neutral',
  };
}

/** Import progress as the page shows it. */
export interface ImportView {
  percent: number;
  text: string;
  done: boolean;
  summary: string;
}

/** Progress of an import job (`rows done / total`), in Chinese. */
export function importView(p: { status: string; done: number; total?: number; counts: { accepted: number; updated: number; rejected: number; warnings: number; skipped: number }; reused?: boolean }): ImportView {
  const total = p.total ?? 0;
  const percent = p.status === 'done' ? 100 : total ? Math.floor((p.done / total) * 100) : 0;
  const text = p.total === undefined ? '正在读取花名册…' : `已处理 ${p.done} / ${total} 行`;
  const c = p.counts;
  const summary = `新增 ${c.accepted}，更新 ${c.updated}，未导入 ${c.rejected}，有警告 ${c.warnings}，跳过 ${c.skipped}${p.reused ? '（该文件已导入过，显示首次结果）' : ''}`;
  return { percent, text, done: p.status === 'done', summary };
}

/** How long the import page waits between polls (shared with every job page). */
export { nextPollDelay } from '../../services/job-poll';

/** Chinese words of the coded values a history line may show (schooling, guardianship, health, leaving). */
const VALUE_LABELS: Record<string, string> = { ...LABELS.leftReason, ...LABELS.health, ...LABELS.guardianshipType, ...LABELS.schooling };

/** A history entry as lines: `字段：旧 → 新`. */
export function historyLines(changes: { path: string; before?: unknown; after?: unknown }[]): string[] {
  const show = (v: unknown): string => {
    if (v === undefined || v === null || v === '') return '（空）';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (Array.isArray(v)) return v.map(show).join('、');
    if (typeof v === 'object') {
      const o = v as { level?: string; reason?: string };
      if (o.level) return `${(LABELS.risk as Record<string, string>)[o.level] ?? o.level}（${o.reason ?? ''}）`;
      return JSON.stringify(v);
    }
    const s = String(v);
    return VALUE_LABELS[s] ?? s;
  };
  return changes.map((c) => `${(CHILD_FIELD_LABELS as Record<string, string>)[c.path] ?? c.path}：${show(c.before)} → ${show(c.after)}`);
}

/** The edit form: changed values only, `null` for cleared ones. */
export function editChanges(original: Record<string, string>, form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    const before = original[k] ?? '';
    if (v.trim() === before.trim()) continue;
    out[k] = v.trim() === '' ? null : v.trim();
  }
  return out;
}

/** A check of the edit form before sending: a reason is required, and something must change. */
export function editProblem(changes: Record<string, unknown>, reason: string, riskChanged: boolean): string | undefined {
  if (!Object.keys(changes).length && !riskChanged) return '没有需要保存的修改';
  if (reason.trim().length < 2) return '请填写修改原因';
  return undefined;
}
