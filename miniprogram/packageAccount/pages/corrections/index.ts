/**
 * 更正与删除申请 (officers: village officer, township staff, county admin; PIPL arts. 46–47): the
 * requests parents and guardians filed in the caller's area (`accounts.listCorrections`), open ones
 * first, optionally for one child (`childId`). Opening one shows what is asked; the officer corrects
 * the file (修改档案) and closes the request as 已办理, or 不予更正 with the reason
 * (`accounts.resolveCorrection`). An erasure request goes to the county admin's 删除个人信息 page.
 * Query: `childId`, `name` (optional).
 */
import { listCorrections, resolveCorrection } from '../../../services/data-rights';
import { correctionRows, type CorrectionRow } from '../../services/data-rights-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    childId: '',
    name: '',
    loading: true,
    errorMessage: '',
    rows: [] as CorrectionRow[],
    openCount: 0,
    openId: '',
    resolution: '',
    busy: false,
    formError: '',
    notice: '',
    isCountyAdmin: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const roles: string[] = getApp<IAppOption>()?.globalData?.roles ?? [];
      this.setData({ childId: decodeURIComponent(query.childId ?? ''), name: decodeURIComponent(query.name ?? ''), isCountyAdmin: roles.indexOf('countyAdmin') >= 0 });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await listCorrections();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const mine = this.data.childId ? res.data.corrections.filter((c) => c.childId === this.data.childId) : res.data.corrections;
      const rows = correctionRows(mine);
      this.setData({ loading: false, rows, openCount: rows.filter((r) => r.open).length });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      this.setData({ openId: this.data.openId === id ? '' : id, resolution: '', formError: '', notice: '' });
    },
    onResolution(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ resolution: e.detail.value, formError: '' });
    },
    async resolve(decision: 'done' | 'rejected') {
      if (this.data.busy || !this.data.openId) return;
      const resolution = this.data.resolution.trim();
      if (resolution.length < 2) {
        this.setData({ formError: decision === 'done' ? '请写明办理结果，如“已按申请更正父亲电话”' : '请写明不予更正的原因' });
        return;
      }
      this.setData({ busy: true, formError: '' });
      const res = await resolveCorrection(this.data.openId, decision, resolution);
      if (!res.ok) {
        this.setData({ busy: false, formError: errorText(res.error, { resolution: '处理说明' }) });
        return;
      }
      this.setData({ busy: false, openId: '', resolution: '', notice: decision === 'done' ? '已办理，申请人会看到处理结果' : '已答复不予更正' });
      await this.load();
    },
    onDone() {
      void this.resolve('done');
    },
    onReject() {
      void this.resolve('rejected');
    },
    /** Correct the file itself (the request is closed here afterwards). */
    onEditFile(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { child?: string }).child ?? '');
      if (id) wx.navigateTo({ url: `/packageRegistry/pages/edit/index?id=${encodeURIComponent(id)}` });
    },
    onErase(e: WechatMiniprogram.TouchEvent) {
      const { child, name } = e.currentTarget.dataset as { child?: string; name?: string };
      if (child) wx.navigateTo({ url: `/packageAccount/pages/erase/index?childId=${encodeURIComponent(child)}&name=${encodeURIComponent(name ?? '')}` });
    },
  },
});
