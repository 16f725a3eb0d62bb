/**
 * 排查结果 (packageSchools/pages/roll-result/index?jobId=…; docs/schools.md "Termly roll check"):
 * the comparison of a school's roll with the registry — registered children of school age on no
 * roll (open one: its 就学与控辍, where a dropout is registered, or its case), found on another
 * school's roll, without an ID number, roll pupils marked 留守 but not registered, registered
 * pupils not linked to the school — and the error report of the rows that could not be compared.
 * Each list comes a page at a time (50): its 加载更多, or reaching the bottom for the last one.
 */
import { rollCheckResult, rollErrorReport, type RollChildItem, type RollResultView, type RollRowItem } from '../../services/roll';
import type { RollResultList } from '../../../contracts/schools';
import { openWorkbook } from '../../../utils/files';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

interface Row {
  key: string;
  title: string;
  line: string;
  tag: string;
  tone: string;
  childId: string;
  caseId: string;
}
interface Section {
  key: string;
  list: RollResultList;
  title: string;
  hint: string;
  rows: Row[];
  /** Rows of the whole list (the page shows `rows.length` of them). */
  total: number;
  more: boolean;
}

function childRows(list: RollChildItem[]): Row[] {
  return list.map((c) => ({
    key: c.childId,
    title: `${c.name}${c.age !== undefined ? `（${c.age}岁）` : ''}`,
    line: [c.place, c.note].filter(Boolean).join('：'),
    tag: c.caseId ? '劝返中' : '',
    tone: c.caseId ? 'warning' : 'default',
    childId: c.childId,
    caseId: c.caseId ?? '',
  }));
}

function pupilRows(list: RollRowItem[]): Row[] {
  return list.map((r) => ({
    key: `${r.sheet}-${r.row}`,
    title: r.name,
    line: `${[r.grade, r.className].filter(Boolean).join(' ')}（名单“${r.sheet}”第${r.row}行）：请告知其户籍所在村（社区）核实登记`,
    tag: '未登记',
    tone: 'danger',
    childId: '',
    caseId: '',
  }));
}

/** The rows of one list of a result. */
export function listRows(r: RollResultView, list: RollResultList): Row[] {
  return list === 'unregistered' ? pupilRows(r.unregistered) : childRows(r[list]);
}

/** The sections of a result worth showing, most urgent first. */
export function resultSections(r: RollResultView): Section[] {
  const all: Omit<Section, 'rows' | 'total' | 'more'>[] = [
    { key: 'not-on-roll', list: 'notOnRoll', title: '在册适龄儿童不在任何学籍名单中', hint: '可能已辍学或转到外县：请核实；辍学的在儿童档案的“就学与控辍”中登记，开始劝返' },
    { key: 'unregistered', list: 'unregistered', title: '名单中的留守儿童未登记', hint: '学籍名单标为留守儿童，但全县留守儿童档案中没有' },
    { key: 'on-other-roll', list: 'onOtherRoll', title: '在其他学校的名单中', hint: '档案关联本校，但出现在其他学校的名单中：可能已转学' },
    { key: 'unlinked', list: 'unlinked', title: '在本校名单中但档案未关联本校', hint: '请乡镇在儿童档案的“就学与控辍”中关联到本校' },
    { key: 'no-id', list: 'noIdNumber', title: '档案没有身份证号，无法比对', hint: '请村（社区）补全儿童档案的身份证号' },
  ];
  return all
    .map((s) => {
      const rows = listRows(r, s.list);
      const total = r.totals?.[s.list] ?? rows.length;
      return { ...s, rows, total, more: rows.length < total };
    })
    .filter((s) => s.rows.length > 0);
}

Component({
  behaviors: [uiMode],
  data: {
    jobId: '',
    loading: true,
    loadError: '',
    errorMessage: '',
    title: '',
    summary: '',
    coverage: '',
    rejected: 0,
    refused: false,
    /** What was wrong with a refused roll, so it can be corrected from here. */
    problems: [] as { sheet?: string; message: string }[],
    sections: [] as Section[],
    /** The list whose next page is loading ('' when none). */
    loadingList: '',
    moreError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ jobId: decodeURIComponent(query.jobId ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      const res = await rollCheckResult(this.data.jobId);
      if (!res.ok) {
        this.setData({ loading: false, loadError: errorText(res.error) });
        return;
      }
      const r = res.data;
      const c = r.check.counts;
      this.setData({
        loading: false,
        title: `${r.schoolName} · ${r.check.termLabel}`,
        summary: r.check.refused
          ? '这份名单有错误，未用于排查：请回到上一页按问题改正后重新上传'
          : `名单 ${c.accepted} 名学生可比对，其中标为留守儿童 ${c.leftBehind} 名、已在档案中 ${c.registered} 名${r.noLeftBehindColumn ? '；名单没有“是否留守儿童”列，无法发现未登记的留守儿童' : ''}`,
        coverage: `按全县已上传的 ${r.rollsOfTerm} 所学校名单比对（全县共 ${r.schoolsOfCounty} 所学校）${r.rollsOfTerm < r.schoolsOfCounty ? '：其他学校上传后，“不在任何名单中”的儿童可能减少' : ''}`,
        rejected: c.rejected,
        refused: r.check.refused,
        problems: r.check.refused ? r.check.problems ?? [] : [],
        sections: r.check.refused ? [] : resultSections(r),
      });
    },
    /** The next page of one list (its 加载更多). */
    onMore(e: WechatMiniprogram.TouchEvent) {
      void this.loadMore(String((e.currentTarget.dataset as { list?: string }).list ?? '') as RollResultList);
    },
    /** Reaching the bottom: the next page of the last list, when it has more. */
    onReachBottom() {
      const last = this.data.sections[this.data.sections.length - 1];
      if (last?.more) void this.loadMore(last.list);
    },
    async loadMore(list: RollResultList) {
      const i = this.data.sections.findIndex((s) => s.list === list);
      if (i < 0 || !this.data.sections[i].more || this.data.loadingList) return;
      this.setData({ loadingList: list, moreError: '' });
      const res = await rollCheckResult(this.data.jobId, { list, skip: this.data.sections[i].rows.length });
      if (!res.ok) {
        this.setData({ loadingList: '', moreError: `没能加载更多：${errorText(res.error)}` });
        return;
      }
      const s = this.data.sections[i];
      const seen = new Set(s.rows.map((r) => r.key));
      const rows = [...s.rows, ...listRows(res.data, list).filter((r) => !seen.has(r.key))];
      const total = res.data.totals?.[list] ?? s.total;
      this.setData({ loadingList: '', [`sections[${i}]`]: { ...s, rows, total, more: rows.length < total } });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const d = e.currentTarget.dataset as { id?: string; case?: string };
      if (d.case) wx.navigateTo({ url: `/packageSchools/pages/case/index?caseId=${encodeURIComponent(d.case)}` });
      else if (d.id) wx.navigateTo({ url: `/packageSchools/pages/child/index?childId=${encodeURIComponent(d.id)}` });
    },
    async onReport() {
      const res = await rollErrorReport(this.data.jobId);
      if (!res.ok) {
        this.setData({ errorMessage: errorText(res.error) });
        return;
      }
      const problem = await openWorkbook(res.data.fileName, res.data.base64);
      if (problem) this.setData({ errorMessage: problem });
    },
  },
});
