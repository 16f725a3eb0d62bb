/**
 * 生活老师关爱 (packageSchools/pages/life-care/index?schoolId=…): the registered children of the
 * caller's school, boarders first and the longest without care first, those past the county's
 * days marked 该关爱了. Two taps log care: a child, then a kind (家校联系, 心理抚慰, 生活关心, 学习辅导,
 * 家访). 亲情电话 fetches the parent's number for that one call, hands it to the dialer and logs
 * the call once WeChat has; 报告担忧 opens the immediate report for the child with the note
 * prefilled (one tap on a kind there sends it). Opened from 工作台 and from 消息 (schools.lifeCareDue).
 */
import { careRow, dialParent, loadChildCare, loadLifeCare, logCare, logRows, TAP_KINDS, type CallParent, type CareKind, type CareRow, type ChildCareView } from '../../services/lifecare';
import { CARE_KIND_LABELS } from '../../../contracts/schools';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    schoolId: '',
    loading: true,
    loaded: false,
    errorMessage: '',
    schoolName: '',
    summary: '',
    dueText: '',
    canLog: false,
    rows: [] as CareRow[],
    kinds: TAP_KINDS,
    current: null as ChildCareView | null,
    currentRow: null as CareRow | null,
    logs: [] as { id: string; title: string; line: string }[],
    note: '',
    busy: false,
    notice: '',
    actionError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ schoolId: decodeURIComponent((query && query.schoolId) || '') });
      void this.load();
    },
    onShow() {
      if (this.data.loaded) void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadLifeCare(this.data.schoolId || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const v = res.data;
      const boarders = v.children.filter((c) => c.boarding).length;
      this.setData({
        loading: false,
        loaded: true,
        schoolId: v.schoolId,
        schoolName: v.schoolName,
        canLog: v.canLog,
        rows: v.children.map(careRow),
        summary: `在册留守儿童 ${v.children.length} 人，其中寄宿 ${boarders} 人`,
        dueText: v.dueCount ? `${v.dueCount} 人超过 ${v.noCareDays} 天没有关爱记录，请安排家校联系或亲情电话` : '',
      });
    },
    /** First tap: the child's card with the kinds, the parents to call and the record. */
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (!id) return;
      const res = await loadChildCare(id);
      if (!res.ok) {
        this.setData({ actionError: errorText(res.error), notice: '' });
        return;
      }
      this.show(res.data, '');
      if (typeof wx.pageScrollTo === 'function') wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },
    show(v: ChildCareView, notice: string) {
      this.setData({ current: v, currentRow: careRow(v), logs: logRows(v), notice, actionError: '' });
    },
    onClose() {
      this.setData({ current: null, currentRow: null, logs: [], note: '', notice: '', actionError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value });
    },
    /** Second tap: the kind is logged at once (the note, if typed, goes with it). */
    async onKind(e: WechatMiniprogram.TouchEvent) {
      const kind = (e.currentTarget.dataset as { kind: CareKind }).kind;
      await this.log(kind);
    },
    async log(kind: CareKind, parent?: CallParent) {
      const cur = this.data.current;
      if (!cur || this.data.busy) return;
      const note = this.data.note.trim();
      this.setData({ busy: true, actionError: '' });
      const res = await logCare({ childId: cur.childId, kind, ...(parent ? { parent } : {}), ...(note ? { note } : {}) });
      this.setData({ busy: false });
      if (!res.ok) {
        this.setData({ actionError: `没能记下：${errorText(res.error, { note: '关爱情况' })}`, notice: '' });
        return;
      }
      this.setData({ note: '' });
      this.show(res.data, `已记下：${CARE_KIND_LABELS[kind]}`);
      void this.load();
    },
    /** 亲情电话: the number is fetched for this call only and goes straight to the dialer. */
    async onCall(e: WechatMiniprogram.TouchEvent) {
      const parent = (e.currentTarget.dataset as { parent: CallParent }).parent;
      const cur = this.data.current;
      if (!cur || this.data.busy) return;
      const res = await dialParent(cur.childId, parent);
      if (!res.ok) {
        this.setData({ actionError: errorText(res.error), notice: '' });
        return;
      }
      wx.makePhoneCall({
        phoneNumber: res.data.phone,
        success: () => void this.log('familyCall', parent),
        fail: (err: { errMsg?: string }) => {
          if (!/cancel/.test(String(err && err.errMsg))) this.setData({ actionError: '没能拨出电话，请稍后再试', notice: '' });
        },
      });
    },
    /** 报告担忧: the immediate report for this child, the note prefilled; one tap on a kind sends it. */
    onReport() {
      const cur = this.data.current;
      if (!cur) return;
      const note = this.data.note.trim() || `${this.data.schoolName}生活老师关爱时发现的情况`;
      wx.navigateTo({ url: `/packageCare/pages/report/index?childId=${encodeURIComponent(cur.childId)}&note=${encodeURIComponent(note)}` });
    },
  },
});
