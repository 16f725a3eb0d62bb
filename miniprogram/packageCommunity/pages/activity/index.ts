/**
 * 活动详情 (packageCommunity/pages/activity/index?id=…; the organisers; the board's 关爱活动
 * drill-down opens it): one care activity — when and where — with 出示签到码 on its day (the 签到码
 * page with `?activityId=`; volunteers scan it on 志愿服务), the volunteers who scanned, and the
 * children who came, ticked from the children of the site's village or township (names as the
 * caller's role sees them) and saved with 保存到场儿童 from the day on.
 */
import { loadActivity, markActivityChildren, type ActivityDetailView } from '../../services/community';
import { formatTime } from '../../../utils/time';
import { ACTIVITY_PAGES, COMMUNITY_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    id: '',
    head: { theme: '', line: '', count: '' },
    canMark: false,
    canShowCode: false,
    codeNote: '',
    /** The activity's day has passed: no more scans. */
    held: false,
    children: [] as { childId: string; label: string }[],
    chosen: [] as string[],
    volunteers: [] as { key: string; name: string; at: string }[],
    saving: false,
    saved: '',
    formError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
      void this.load();
    },
    onShow() {
      if (!this.data.loading && this.data.id) void this.load();
    },
    async load() {
      if (!this.data.id) return this.setData({ loading: false, errorMessage: '没有指定活动，请从“关爱活动”列表打开' });
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadActivity(this.data.id);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.show(res.data as ActivityDetailView);
    },
    show(v: ActivityDetailView) {
      const a = v.activity;
      const kids = [...v.attended, ...v.candidates];
      this.setData({
        loading: false,
        head: { theme: a.theme, line: `${a.kindLabel} · ${a.day} ${a.start}-${a.end} · ${a.siteName}（${a.township.name}）`, count: `到场儿童${a.children}人 · 签到志愿者${a.volunteers}人` },
        canMark: v.canMark,
        canShowCode: v.canShowCode,
        // Why there is no code: not yet, or no longer (the activity's day has passed).
        held: a.when === 'held',
        codeNote: a.when === 'planned' ? '签到码在活动当天才能出示。' : a.when === 'held' ? '活动已结束，志愿者签到已截止；到场儿童仍可在下方登记。' : '',
        children: kids.map((c) => ({ childId: c.childId, label: c.village ? `${c.childName}（${c.village}）` : c.childName })),
        chosen: v.attended.map((c) => c.childId),
        volunteers: v.volunteers.map((p, i) => ({ key: String(i), name: p.name, at: formatTime(p.at) })),
      });
    },
    onChildren(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ chosen: e.detail.value, saved: '' });
    },
    async onSaveChildren() {
      this.setData({ saving: true, formError: '', saved: '' });
      const res = await markActivityChildren(this.data.id, this.data.chosen);
      this.setData({ saving: false });
      if (!res.ok) return this.setData({ formError: errorText(res.error) });
      this.show(res.data as ActivityDetailView);
      this.setData({ saved: `已保存：到场儿童${res.data.attended.length}人` });
    },
    onCode() {
      wx.navigateTo({ url: `${COMMUNITY_PAGES.siteCode}?activityId=${encodeURIComponent(this.data.id)}` });
    },
    onEdit() {
      wx.navigateTo({ url: `${ACTIVITY_PAGES.activityEdit}?id=${encodeURIComponent(this.data.id)}` });
    },
  },
});
