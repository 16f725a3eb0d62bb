/**
 * Pure presentation of the 督导 pages (docs/supervision.md): a number with its unit, its share
 * of the denominator, the change since about a month ago in words, the ranking's rows. Every
 * wording of an indicator comes from the one catalogue (`INDICATORS`).
 */
import { INDICATORS, ITEM_KIND_LABELS, type BoardView, type BreakdownRow, type FigureView, type IndicatorKey, type IndicatorView, type ItemView, type RankRow, type RegionView, type StaffingView } from '../../contracts/supervision';

type Info = (typeof INDICATORS)[IndicatorKey];

/** The catalogue entry of a key, or undefined for a key the catalogue does not know (an old link). */
export function infoOf(key: string): Info | undefined {
  return (INDICATORS as Record<string, Info>)[key];
}

/** “12 人”, “35 分钟”; “—” when there is nothing to count (a median of no reports). */
export function valueText(key: IndicatorKey, value: number | null): string {
  const info = infoOf(key);
  if (value === null) return '—';
  return `${value} ${info?.unit ?? ''}`.trim();
}

/** “占 在册留守儿童 400 人的 3.0%”, or '' without a denominator. */
export function shareText(key: IndicatorKey, of: number | null, rate: number | null): string {
  const info = infoOf(key);
  const base = info && 'of' in info ? infoOf(String(info.of)) : undefined;
  if (!base || of === null) return '';
  return rate === null ? `共 ${of} ${base.unit}` : `占${base.label} ${of} ${base.unit}的 ${rate}%`;
}

const CHANGE_WORDS = { better: '好转', worse: '变差', same: '持平' } as const;

/** The change since the comparison run in words: “上月 10 人 · 好转”, or “上月无数据”. */
export function trendText(f: Pick<FigureView, 'key' | 'previous' | 'change'>, compared: boolean): string {
  if (!compared || f.previous === null) return compared ? '上月无此数' : '';
  const prev = `上月 ${valueText(f.key, f.previous)}`;
  return f.change ? `${prev} · ${CHANGE_WORDS[f.change]}` : prev;
}

/** A number on the board as the page shows it. */
export interface FigureCard {
  key: IndicatorKey;
  label: string;
  value: string;
  share: string;
  trend: string;
  /** Tag tone of the trend: success (better), danger (worse), neutral. */
  tone: 'success' | 'danger' | 'neutral';
  /** The number opens its drill-down (it has a value). */
  opens: boolean;
}

export function figureCards(figures: FigureView[], compared: boolean): FigureCard[] {
  return figures.map((f) => ({
    key: f.key,
    label: infoOf(f.key)?.label ?? '',
    value: valueText(f.key, f.value),
    share: shareText(f.key, f.of, f.rate),
    trend: trendText(f, compared),
    tone: f.change === 'better' ? 'success' : f.change === 'worse' ? 'danger' : 'neutral',
    opens: f.value !== null,
  }));
}

/** The board's sections with their cards. */
export function boardSections(view: BoardView): { section: string; label: string; cards: FigureCard[] }[] {
  const compared = !!view.comparedWith;
  return view.sections.map((s) => ({ section: s.section, label: s.label, cards: figureCards(s.figures, compared) }));
}

/** One row of the ranking. */
export interface RankLine {
  code: string;
  title: string;
  description: string;
  tag: string;
}

/** The ranking in words: “第1名 尧渡镇”, its score and its weakest scored rate. */
export function rankLines(rows: RankRow[]): RankLine[] {
  return rows.map((r) => {
    const rates = Object.entries(r.rates)
      .filter((e): e is [string, number] => typeof e[1] === 'number')
      .map(([k, v]) => `${infoOf(k)?.label ?? ''} ${v}%`);
    if (r.noChildren) return { code: r.region.code, title: `不排名 ${r.region.name}`, description: '无登记儿童，不参加排名', tag: '无登记儿童' };
    return { code: r.region.code, title: `第${r.rank}名 ${r.region.name}`, description: rates.join('；'), tag: r.score === null ? '暂无得分' : `得分 ${r.score}` };
  });
}

/** What the ranking ranks: townships on a county's board, villages on a township's. */
export function rankingTitle(view: BoardView): string {
  return view.region.level === 'county' ? '乡镇排名' : '各村排名';
}

/** “统计日 2026-10-08 · 近30天 09-08 至 10-08 · 与 09-08 比较”. */
export function boardLine(view: BoardView): string {
  const parts: string[] = [];
  if (view.asOf) parts.push(`统计日 ${view.asOf}`);
  if (view.period) parts.push(`期间 ${view.period.from} 至 ${view.period.to}`);
  parts.push(view.comparedWith ? `与 ${view.comparedWith.asOf} 比较` : '暂无上月数据可比较');
  return parts.join(' · ');
}

/** The breadcrumb: the regions above, each opening its board. */
export function crumbs(parents: RegionView[], own: RegionView): { code: string; name: string; own: boolean }[] {
  return [...parents.map((p) => ({ code: p.code, name: p.name, own: false })), { code: own.code, name: own.name, own: true }];
}

/** A region row of a drill-down. */
export function breakdownLines(key: IndicatorKey, rows: BreakdownRow[]): RankLine[] {
  return rows.map((r) => ({
    code: r.region.code,
    title: r.region.name,
    description: shareText(key, r.of, r.rate),
    tag: valueText(key, r.value),
  }));
}

/** An item of a drill-down. */
export interface ItemLine {
  id: string;
  title: string;
  description: string;
  tag: string;
  page: string;
}

export function itemLines(items: ItemView[]): ItemLine[] {
  return items.map((i) => ({ id: i.id, title: i.title, description: i.detail, tag: i.note, page: i.page ?? '' }));
}

/** “这 12 个儿童” style heading of the items. */
export function itemsTitle(view: Pick<IndicatorView, 'key' | 'total'>): string {
  const info = infoOf(view.key);
  return `${info ? ITEM_KIND_LABELS[info.item] : '事项'}清单（共 ${view.total} 项，与数字一致）`;
}

/** What the rows of a drill-down are. */
export function rowsTitle(region: RegionView): string {
  return region.level === 'county' ? '各乡镇' : region.level === 'township' ? '各村（社区）' : '';
}

/** A township of the staffing table as the page shows it. */
export interface StaffingCard {
  code: string;
  title: string;
  line: string;
  short: boolean;
  staffTag: string;
  villages: { code: string; name: string; line: string; missing: boolean }[];
}

/** The staffing table in words; villages without an officer first within each township. */
export function staffingCards(view: StaffingView): StaffingCard[] {
  return view.townships.map((t) => {
    const short = t.staff.length < t.needed;
    const names = t.staff.map((s) => s.name).join('、');
    return {
      code: t.region.code,
      title: t.region.name,
      line: `在册留守儿童 ${t.children} 人，应配乡镇工作人员 ${t.needed} 人，现有 ${t.staff.length} 人${names ? `：${names}` : ''}`,
      short,
      staffTag: short ? `缺 ${t.needed - t.staff.length} 人` : '已配齐',
      villages: t.villages
        .map((v) => ({ code: v.region.code, name: v.region.name, line: v.officers.length ? `专干：${v.officers.map((o) => o.name).join('、')} · 在册 ${v.children} 人` : `未明确儿童保护专干 · 在册 ${v.children} 人`, missing: v.officers.length === 0 }))
        .sort((a, b) => Number(b.missing) - Number(a.missing)),
    };
  });
}

/** “全县 88 个村（社区），3 个未明确专干；4 个乡镇，1 个工作人员不足”. */
export function staffingLine(view: StaffingView): string {
  const t = view.totals;
  const head = view.region.level === 'county' ? `全县 ${t.villages} 个村（社区）` : `本乡镇 ${t.villages} 个村（社区）`;
  const towns = view.region.level === 'county' ? `；${t.townships} 个乡镇，${t.townshipsUnderstaffed} 个工作人员不足` : '';
  return `${head}，${t.villagesWithoutOfficer} 个未明确专干${towns}`;
}

/**
 * The supervision pages a board leads to: a county's or a township's board (the people who read
 * circulars and handle follow-ups), never a village's (village officers do neither); 随机抽查 on
 * the county's board for those who manage it.
 */
export function boardLinks(view: BoardView): { key: string; title: string; description: string; url: string }[] {
  if (view.region.level === 'village') return [];
  const links = [{ key: 'circulars', title: '督导通报', description: '每月乡镇排名、各项指标和逾期事项，可下载Excel', url: '/packageSupervision/pages/circulars/index' }];
  if (view.canManage && view.region.level === 'county') links.push({ key: 'spot-checks', title: '随机抽查', description: '随机抽取走访、确认书或报告，核实是否属实', url: '/packageSupervision/pages/spot-checks/index' });
  links.push({ key: 'follow-ups', title: '督查整改', description: '抽查发现问题后的整改任务和期限', url: '/packageSupervision/pages/follow-ups/index' });
  if (view.canManage) {
    links.push({ key: 'orgs', title: '社会组织', description: '各乡镇是否至少有1家社会组织服务，公益项目和获奖情况', url: '/packageCommunity/pages/orgs/index' });
    links.push({ key: 'league', title: '团组织结对', description: '各团组织结对的留守儿童，尚未结对的团组织', url: '/packageCommunity/pages/league/index' });
  }
  return links;
}
