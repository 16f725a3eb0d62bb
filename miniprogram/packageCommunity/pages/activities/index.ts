/**
 * 关爱活动 (packageCommunity/pages/activities/index; township staff for their township, the county
 * for all, a site's own staff for their site): this year's care activities at service sites —
 * today's and planned ones first, then those held — each with its kind, day and time, site, and
 * the children and volunteers who came; 计划活动 opens the form, a card opens the activity.
 */
import { loadActivities, type ActivitiesView } from '../../services/community';
import { ACTIVITY_PAGES } from '../../../contracts/community';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';
import { reloadOnShow } from '../../../behaviors/reload-on-show';

const WHEN_TAGS = { planned: { text: '计划中', tone: 'info' }, today: { text: '今天', tone: 'warning' }, held: { text: '已举办', tone: 'success' } } as const;

Component({
  behaviors: [uiMode, reloadOnShow],
  data: {
    loading: true,
    errorMessage: '',
    title: '',
    summary: '',
    canPlan: false,
    items: [] as { id: string; theme: string; line: string; count: string; tag: string; tone: string }[],
  },
  methods: {
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadActivities();
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      const v = res.data as ActivitiesView;
      this.setData({
        loading: false,
        title: `${v.region.name} ${v.year}年关爱活动`,
        summary: `今年已举办${v.held}次，到场儿童${v.childrenReached}人`,
        canPlan: v.sites.length > 0,
        items: v.activities.map((a) => ({
          id: a.activityId,
          theme: a.theme,
          line: `${a.kindLabel} · ${a.day} ${a.start}-${a.end} · ${a.siteName}`,
          count: `到场儿童${a.children}人 · 志愿者${a.volunteers}人`,
          tag: WHEN_TAGS[a.when].text,
          tone: WHEN_TAGS[a.when].tone,
        })),
      });
    },
    onPlan() {
      wx.navigateTo({ url: ACTIVITY_PAGES.activityEdit });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      if (id) wx.navigateTo({ url: `${ACTIVITY_PAGES.activity}?id=${encodeURIComponent(id)}` });
    },
  },
});
