/**
 * Pure presentation of census coverage (排查覆盖; policy §二(一) “村不漏组、组不漏户、户不漏人”):
 * village rows for a township or the county, and for one village its villager groups and the
 * households not yet visited, named by their children. No `wx`, no I/O.
 */
import type { CoverageVillageView, CoverageView } from '../../contracts/registry';

export interface VillageRow {
  id: string;
  title: string;
  description: string;
  tag: string;
  tone: 'success' | 'warning';
  complete: boolean;
}

/** Coverage of one village as a list row: households visited, groups not yet visited. */
export function coverageRow(v: Pick<CoverageVillageView, 'villageCode' | 'villageName' | 'households' | 'visitedHouseholds' | 'groups'>): VillageRow {
  const missingGroups = v.groups.filter((g) => !g.visited).map((g) => g.name);
  const missingHouseholds = v.households - v.visitedHouseholds;
  const complete = missingHouseholds === 0 && missingGroups.length === 0;
  const gaps = [missingHouseholds ? `缺 ${missingHouseholds} 户` : '', missingGroups.length ? `缺 ${missingGroups.length} 个组` : ''].filter(Boolean).join('、');
  return {
    id: v.villageCode,
    title: v.villageName,
    description: `已走访 ${v.visitedHouseholds} / ${v.households} 户${missingGroups.length ? `；未走访小组：${missingGroups.join('、')}` : ''}`,
    tag: complete ? '已全覆盖' : gaps,
    tone: complete ? 'success' : 'warning',
    complete,
  };
}

/** The totals line of a region. */
export function totalsText(t: CoverageView['totals']): string {
  return `已走访 ${t.visitedHouseholds} / ${t.households} 户 · 村民小组 ${t.visitedGroups} / ${t.groups} 个`;
}

/** The campaign as people name it. */
export function campaignText(c: CoverageView['campaign']): string {
  return c ? `${c.name}（统计日 ${c.censusDate}）` : '';
}

export interface GroupRow {
  name: string;
  visited: boolean;
  tag: string;
  tone: 'success' | 'warning';
  /** The button: mark visited, or undo a mark. */
  action: string;
}

/** The villager groups of a village, those not yet visited first (村不漏组). */
export function groupRows(groups: CoverageVillageView['groups']): GroupRow[] {
  return [...groups]
    .sort((a, b) => Number(a.visited) - Number(b.visited))
    .map((g) => ({ name: g.name, visited: g.visited, tag: g.visited ? '已走访' : '未走访', tone: g.visited ? 'success' : 'warning', action: g.visited ? '改为未走访' : '标记已走访' }));
}

export interface HouseholdRow {
  id: string;
  title: string;
  description: string;
}

/** The households not yet visited (组不漏户), by group, each named by its children. */
export function householdRows(list: CoverageVillageView['unvisitedHouseholds']): HouseholdRow[] {
  return [...list]
    .sort((a, b) => Number(!a.group) - Number(!b.group) || (a.group ?? '').localeCompare(b.group ?? '', 'zh', { numeric: true }) || a.householdId.localeCompare(b.householdId))
    .map((h) => {
      const names = h.childNames ?? [];
      return {
        id: h.householdId,
        title: names.length ? `${names.join('、')}家` : '登记户（儿童信息不可见）',
        description: [h.group ?? '未填村民小组', names.length ? `${names.length}个孩子` : ''].filter(Boolean).join(' · '),
      };
    });
}

/** A villager group's name as typed (`5`, `5 组`, `五组`) → the form the roster uses (`5组`), or a problem. */
export function groupName(typed: string): { ok: true; name: string } | { ok: false; message: string } {
  const t = typed.replace(/\s+/g, '');
  if (!t) return { ok: false, message: '请填写村民小组，如“5组”' };
  const name = /^\d+$/.test(t) ? `${t}组` : t;
  if (name.length > 20) return { ok: false, message: '村民小组名称不能超过20个字' };
  return { ok: true, name };
}
