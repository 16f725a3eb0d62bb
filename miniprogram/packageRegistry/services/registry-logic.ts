/**
 * Pure presentation logic of the registry pages (工作台 › 儿童档案): labels, list filters to the
 * `registry.searchChildren` input, import progress, history lines, coverage rows, the edit form.
 * No `wx`, no I/O: unit-tested in tests/components/registry-logic.test.ts.
 */

export const RISK_LABELS: Record<string, string> = { focus: '重点', attention: '关注', regular: '一般' };
export const FLAG_LABELS: Record<string, string> = {
  dropout: '辍学',
  familyDifficulty: '家庭困难',
  guardianMissing: '监护缺失',
  defactoUnsupported: '事实无人抚养',
  disabled: '残疾',
};
export const SCHOOLING_LABELS: Record<string, string> = {
  kindergarten: '幼儿园',
  notInKindergarten: '未入园',
  primary: '小学',
  juniorMiddle: '初中',
  seniorHigh: '高中',
  vocational: '中职',
  droppedOut: '义务教育阶段辍学',
  notInSchool: '14–16周岁未在校',
};
export const GUARDIANSHIP_LABELS: Record<string, string> = {
  none: '无人监护',
  parentIncapable: '父母一方无监护能力',
  entrustedInsufficient: '受委托监护人监护能力不足',
  fair: '监护情况一般',
  good: '监护情况较好',
};
export const HEALTH_LABELS: Record<string, string> = { healthy: '健康', disabled: '残疾', seriouslyIll: '患重病' };
export const LEFT_LABELS: Record<string, string> = { parentReturned: '父母返乡', movedAway: '迁出', agedOut: '年满16周岁', deceased: '死亡' };
export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  residence: '现住址',
  group: '村民小组',
  health: '身体状况',
  schooling: '就学情况',
  school: '学校及年级',
  boarding: '是否寄宿',
  guardianshipType: '监护类型',
  remarks: '备注',
  'father.workPlace': '父亲务工地点',
  'father.phone': '父亲电话',
  'mother.workPlace': '母亲务工地点',
  'mother.phone': '母亲电话',
  'entrusted.name': '受委托监护人',
  'entrusted.phone': '受委托监护人电话',
  'risk.override': '风险等级（人工调整）',
  status: '在册状态',
  leftReason: '退出原因',
};

/** A row of the children list as the search returns it. */
export interface ChildListItem {
  id: string;
  name?: string;
  gender?: string;
  age?: number;
  villageCode: string;
  group?: string;
  riskLevel?: string;
  flags: string[];
  incomplete: boolean;
  status: string;
}

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
export function searchInput(f: ListFilters, skip: number, limit = 20): Record<string, unknown> {
  const input: Record<string, unknown> = { skip, limit };
  const k = f.keyword.trim();
  if (/^\d{17}[\dXx]$/.test(k) || /^\d{15}$/.test(k)) input.idNumber = k.toUpperCase();
  else if (k) input.name = k;
  if (f.riskLevel) input.riskLevel = f.riskLevel;
  if (f.flag) input.flags = [f.flag];
  if (f.incompleteOnly) input.incomplete = true;
  return input;
}

/** One line of the list: title and description (Chinese). */
export function listRow(c: ChildListItem): { id: string; title: string; description: string; note: string } {
  const sex = c.gender === 'male' ? '男' : c.gender === 'female' ? '女' : '';
  const parts = [sex, c.age !== undefined && c.age >= 0 ? `${c.age}岁` : '', c.group ?? ''].filter(Boolean);
  const flags = c.flags.map((f) => FLAG_LABELS[f] ?? f);
  return {
    id: c.id,
    title: c.name ?? '（姓名不可见）',
    description: [parts.join(' · '), flags.length ? `标记：${flags.join('、')}` : '', c.incomplete ? '档案待补全' : ''].filter(Boolean).join('；'),
    note: c.riskLevel ? RISK_LABELS[c.riskLevel] ?? '' : '',
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

/** How long to wait before the next `advanceImport` poll (ms). */
export function nextPollDelay(p: { busy?: boolean; retryAfterMs?: number }): number {
  return p.busy ? Math.min(Math.max(p.retryAfterMs ?? 500, 200), 3000) : 0;
}

/** A history entry as lines: `字段：旧 → 新`. */
export function historyLines(changes: { path: string; before?: unknown; after?: unknown }[]): string[] {
  const show = (v: unknown): string => {
    if (v === undefined || v === null || v === '') return '（空）';
    if (typeof v === 'boolean') return v ? '是' : '否';
    if (Array.isArray(v)) return v.map(show).join('、');
    if (typeof v === 'object') {
      const o = v as { level?: string; reason?: string };
      if (o.level) return `${RISK_LABELS[o.level] ?? o.level}（${o.reason ?? ''}）`;
      return JSON.stringify(v);
    }
    const s = String(v);
    return SCHOOLING_LABELS[s] ?? GUARDIANSHIP_LABELS[s] ?? HEALTH_LABELS[s] ?? LEFT_LABELS[s] ?? s;
  };
  return changes.map((c) => `${FIELD_LABELS[c.path] ?? c.path}：${show(c.before)} → ${show(c.after)}`);
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

/** Coverage of one village as a list row. */
export function coverageRow(v: { villageCode: string; villageName: string; households: number; visitedHouseholds: number; groups: { name: string; visited: boolean }[] }): {
  id: string;
  title: string;
  description: string;
  note: string;
  complete: boolean;
} {
  const missingGroups = v.groups.filter((g) => !g.visited).map((g) => g.name);
  const complete = v.visitedHouseholds === v.households && missingGroups.length === 0;
  return {
    id: v.villageCode,
    title: v.villageName,
    description: `已走访 ${v.visitedHouseholds} / ${v.households} 户${missingGroups.length ? `；未走访小组：${missingGroups.join('、')}` : ''}`,
    note: complete ? '已全覆盖' : `缺 ${v.households - v.visitedHouseholds} 户`,
    complete,
  };
}
