/**
 * The county summary (docs/registry.md "County summary"): our own column set modelled on the
 * national summary table (汇总表). Counts of active left-behind children on a reference day by
 * age group (0–5, 6–13, 14–15), sex, schooling, guardianship type, health, boarding, risk level
 * and focus flags, per county, township and village. Every partition adds up to `total`, every
 * parent row to the sum of its children; the summary checks these cross-sums itself
 * (表间勾稽关系) and any cell can be drilled down to the children it counts.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { audit, regionContains, resolveActor, scopeFilter, type Actor, type RoleName } from '../../_shared/access';
import { COLUMNS, LABELS, PARTITIONS, registryContract, type ChildDoc, type SummaryCheck, type SummaryRow } from '../../_shared/contracts/registry';
import { defaultRegion, loadRegions, R, requireRegion, STATS_ROLES, today, type Db } from './common';
import { ageGroupOn, isActiveOn } from './model';
import { listItem } from './children';
import type { ActionContext } from '../../_shared/context';
import { dbOf, fetchAll } from '../../_shared/db';

const A = registryContract.actions;

/** Chinese names of the partitions, for the cross-checks people read (勾稽校验). */
const PARTITION_LABELS: Record<string, string> = {
  age: '各年龄段',
  sex: '各性别',
  schooling: '各就学情况',
  guardianship: '各监护类型',
  health: '各身体状况',
  boarding: '是否寄宿',
  risk: '各风险等级',
  flagged: '有无重点标记',
};

/** Chinese column headers. */
export function columnLabel(col: string): string {
  const [group, key] = col.split(':');
  const unknown = '未填';
  switch (group) {
    case 'total':
      return '留守儿童总数';
    case 'age':
      return key === 'unknown' ? '年龄·未填' : `年龄·${key.replace('-', '–')}周岁`;
    case 'sex':
      return `性别·${key === 'unknown' ? unknown : LABELS.gender[key as 'male']}`;
    case 'schooling':
      return `就学·${key === 'unknown' ? unknown : LABELS.schooling[key as 'primary']}`;
    case 'guardianship':
      return `监护类型·${key === 'unknown' ? unknown : LABELS.guardianshipType[key as 'good']}`;
    case 'health':
      return `身体状况·${key === 'unknown' ? unknown : LABELS.health[key as 'healthy']}`;
    case 'boarding':
      return `寄宿·${key === 'yes' ? '是' : key === 'no' ? '否' : unknown}`;
    case 'risk':
      return `风险等级·${LABELS.risk[key as 'focus']}`;
    case 'flags':
      return key === 'any' ? '有重点标记' : '无重点标记';
    case 'flag':
      return `重点标记·${LABELS.flag[key as 'dropout']}`;
    default:
      return col;
  }
}

/** The columns one child counts in on `day` (empty when not an active left-behind child then). */
export function cellsOf(c: ChildDoc, day: string): string[] {
  if (!isActiveOn(c, day)) return [];
  const age = ageGroupOn(c.birthDate, day);
  const flags = c.effectiveFlags ?? [];
  return [
    'total',
    age ? `age:${age === 'age0to5' ? '0-5' : age === 'age6to13' ? '6-13' : '14-15'}` : 'age:unknown',
    `sex:${c.gender ?? 'unknown'}`,
    `schooling:${c.schooling ?? 'unknown'}`,
    `guardianship:${c.guardianshipType ?? 'unknown'}`,
    `health:${c.health ?? 'unknown'}`,
    `boarding:${c.boarding === true ? 'yes' : c.boarding === false ? 'no' : 'unknown'}`,
    `risk:${c.risk?.level ?? 'regular'}`,
    flags.length ? 'flags:any' : 'flags:none',
    ...flags.map((f) => `flag:${f}`),
  ];
}

const SUMMARY_FIELDS = {
  _id: true,
  villageCode: true,
  townshipCode: true,
  birthDate: true,
  gender: true,
  schooling: true,
  guardianshipType: true,
  health: true,
  boarding: true,
  risk: true,
  effectiveFlags: true,
  status: true,
  ageOutOn: true,
};

/** Active children of a region within the caller's scope (paged reads). */
async function childrenOf(db: Db, actor: Actor, roles: readonly RoleName[], regionCode: string): Promise<ChildDoc[]> {
  const _ = db.command;
  const scope = scopeFilter(db, actor, roles);
  if (!scope) return [];
  const region =
    regionCode.length === 12 ? { villageCode: regionCode } : regionCode.length === 9 ? { townshipCode: regionCode } : { villageCode: db.RegExp({ regexp: `^${regionCode}`, options: '' }) };
  return fetchAll<ChildDoc>(db.collection(R.children).where(_.and([scope, region, { status: _.neq('left') }, { erased: _.exists(false) }])).field(SUMMARY_FIELDS), 200_000);
}

function emptyCells(): Record<string, number> {
  return Object.fromEntries(COLUMNS.map((c) => [c, 0]));
}

/**
 * Builds the summary rows (region, its townships, their villages) and checks its cross-sums.
 * Pure: give it the children and the region names.
 */
export function buildSummary(
  children: ChildDoc[],
  regionCode: string,
  day: string,
  names: Map<string, string>,
  villagesOf: (township: string) => string[],
  townshipsOf: (county: string) => string[],
): { rows: SummaryRow[]; checks: SummaryCheck[]; ok: boolean } {
  const rows = new Map<string, SummaryRow>();
  const level = (code: string): SummaryRow['level'] => (code.length === 6 ? 'county' : code.length === 9 ? 'township' : 'village');
  const rowOf = (code: string) => {
    let r = rows.get(code);
    if (!r) {
      r = { regionCode: code, regionName: names.get(code) ?? code, level: level(code), cells: emptyCells() };
      rows.set(code, r);
    }
    return r;
  };
  rowOf(regionCode);
  const townships = regionCode.length === 6 ? townshipsOf(regionCode) : regionCode.length === 9 ? [regionCode] : [];
  for (const t of townships) {
    if (t !== regionCode) rowOf(t);
    for (const v of villagesOf(t)) rowOf(v);
  }
  for (const c of children) {
    const cells = cellsOf(c, day);
    if (!cells.length) continue;
    const codes = new Set([regionCode, c.townshipCode, c.villageCode].filter((x) => x && regionContains(regionCode, x)));
    for (const code of codes) {
      const r = rowOf(code);
      for (const k of cells) r.cells[k] += 1;
    }
  }
  const list = [...rows.values()].sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1));
  const checks: SummaryCheck[] = [];
  for (const r of list) {
    for (const [name, cols] of Object.entries(PARTITIONS)) {
      const got = cols.reduce((s, c) => s + r.cells[c], 0);
      checks.push({ regionCode: r.regionCode, check: `留守儿童总数 = ${PARTITION_LABELS[name] ?? name}之和`, ok: got === r.cells.total, expected: r.cells.total, got });
    }
  }
  for (const parent of list.filter((r) => r.level !== 'village')) {
    const kids = list.filter((r) => r.regionCode !== parent.regionCode && r.regionCode.startsWith(parent.regionCode) && r.regionCode.length === parent.regionCode.length + 3);
    if (!kids.length) continue;
    for (const col of COLUMNS) {
      const got = kids.reduce((s, k) => s + k.cells[col], 0);
      if (got !== parent.cells[col] || col === 'total') {
        checks.push({ regionCode: parent.regionCode, check: `${columnLabel(col)} = 下级各单位之和`, ok: got === parent.cells[col], expected: parent.cells[col], got });
      }
    }
  }
  return { rows: list, checks, ok: checks.every((c) => c.ok) };
}

async function summaryFor(ctx: ActionContext, regionInput: string | undefined, dayInput: string | undefined) {
  const db = dbOf(ctx);
  const actor = await resolveActor(ctx);
  const regionCode = regionInput ?? defaultRegion(actor, STATS_ROLES);
  if (!regionCode) throw new AppError('FORBIDDEN');
  requireRegion(actor, STATS_ROLES, regionCode);
  const day = dayInput ?? today(ctx);
  const children = await childrenOf(db, actor, STATS_ROLES, regionCode);
  const { names, index } = await loadRegions(db, regionCode.slice(0, 6));
  const built = buildSummary(
    children,
    regionCode,
    day,
    names,
    (t) => index.towns.find((x) => x.code === t)?.villages.map((v) => v.code) ?? [],
    () => index.towns.map((t) => t.code),
  );
  return { regionCode, day, ...built };
}

export const countySummary = action(A.countySummary, {
  access: { roles: STATS_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.role === 'villageOfficer' ? w.side.villageCode : w.side.townshipCode }),
  handler: async (input, ctx) => {
    const s = await summaryFor(ctx, input.regionCode, input.date);
    await audit(ctx, { op: 'stats', count: s.rows[0]?.cells.total ?? 0, regionCode: s.regionCode });
    return { ...s, columns: COLUMNS.map((c) => ({ key: c, label: columnLabel(c) })), partitions: PARTITIONS };
  },
});

export const summaryCell = action(A.summaryCell, {
  access: { roles: STATS_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.role === 'villageOfficer' ? w.side.villageCode : w.side.townshipCode, column: 'total' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    requireRegion(actor, STATS_ROLES, input.regionCode);
    const day = input.date ?? today(ctx);
    const children = (await childrenOf(db, actor, STATS_ROLES, input.regionCode)).filter((c) => cellsOf(c, day).includes(input.column));
    children.sort((a, b) => (a.villageCode + a._id < b.villageCode + b._id ? -1 : 1));
    const page = children.slice(input.skip, input.skip + input.limit);
    const full = page.length
      ? await fetchAll<ChildDoc>(db.collection(R.children).where({ _id: db.command.in(page.map((c) => c._id)) }), 1000)
      : [];
    const byId = new Map(full.map((c) => [c._id, c]));
    await audit(ctx, { op: 'stats', count: page.length, regionCode: input.regionCode, refs: { column: input.column } });
    const role = ctx.grant!.role;
    return { total: children.length, children: page.map((c) => listItem(byId.get(c._id) ?? c, role, day)), hasMore: input.skip + page.length < children.length };
  },
});

export const exportSummary = action(A.exportSummary, {
  access: { roles: STATS_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.role === 'villageOfficer' ? w.side.villageCode : w.side.townshipCode }),
  handler: async (input, ctx) => {
    const s = await summaryFor(ctx, input.regionCode, input.date);
    const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
    const ExcelJS = mod.default ?? mod;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('留守儿童汇总表');
    ws.addRow([`农村留守儿童汇总表（统计日 ${s.day}）`]);
    ws.addRow(['区划代码', '名称', '层级', ...COLUMNS.map(columnLabel)]);
    for (const r of s.rows) ws.addRow([r.regionCode, r.regionName, r.level === 'county' ? '县' : r.level === 'township' ? '乡镇' : '村（社区）', ...COLUMNS.map((c) => r.cells[c])]);
    ws.getRow(2).font = { bold: true };
    const cs = wb.addWorksheet('勾稽校验');
    cs.addRow(['区划代码', '校验', '应为', '实际', '结果']);
    for (const c of s.checks) cs.addRow([c.regionCode, c.check, c.expected, c.got, c.ok ? '通过' : '不符']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    await audit(ctx, { op: 'export', count: s.rows[0]?.cells.total ?? 0, regionCode: s.regionCode });
    return { fileName: `留守儿童汇总表-${s.regionCode}-${s.day}.xlsx`, base64: bytes.toString('base64'), ok: s.ok };
  },
});
