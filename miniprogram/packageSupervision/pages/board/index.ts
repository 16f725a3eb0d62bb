/**
 * 督导看板 (packageSupervision/pages/board/index?region=…; docs/supervision.md): a region's
 * indicators by section with the change against about a month ago, and the ranking of the
 * regions one level down. Every number opens its drill-down (the indicator page), every ranked
 * region its own board, the breadcrumb the boards above. County admins may recompute now.
 * Roles: county admin (any region of the county), township staff (their township and its
 * villages), village officer (their village) — the function decides; no `region` = the caller's own.
 */
import { loadBoard, refreshBoard, type BoardView } from '../../services/supervision';
import { boardLine, boardLinks, boardSections, crumbs, rankLines, rankingTitle, type FigureCard, type RankLine } from '../../services/supervision-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

interface Self {
  _view?: BoardView;
}

Component({
  behaviors: [uiMode],
  data: {
    region: '',
    loading: true,
    errorMessage: '',
    ready: false,
    title: '',
    line: '',
    crumbs: [] as { code: string; name: string; own: boolean }[],
    sections: [] as { section: string; label: string; cards: FigureCard[] }[],
    rankingTitle: '',
    ranking: [] as RankLine[],
    canRefresh: false,
    refreshing: false,
    refreshMessage: '',
    refreshFailed: false,
    links: [] as { key: string; title: string; description: string; url: string }[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ region: decodeURIComponent(query.region ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadBoard(this.data.region || undefined);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const view = res.data;
      (this as unknown as Self)._view = view;
      this.setData({
        loading: false,
        ready: view.ready,
        title: `${view.region.name}督导看板`,
        line: view.ready ? boardLine(view) : '',
        crumbs: view.parents.length ? crumbs(view.parents, view.region) : [],
        sections: boardSections(view),
        rankingTitle: rankingTitle(view),
        ranking: rankLines(view.ranking),
        canRefresh: view.canRefresh,
        links: boardLinks(view),
      });
      wx.setNavigationBarTitle({ title: `${view.region.name} · 督导看板` });
    },
    /** A number: the regions or the children and items behind it. */
    onFigure(e: WechatMiniprogram.TouchEvent) {
      const { key, opens } = e.currentTarget.dataset as { key?: string; opens?: boolean };
      const view = (this as unknown as Self)._view;
      if (!key || !opens || !view) return;
      wx.navigateTo({ url: `/packageSupervision/pages/indicator/index?key=${encodeURIComponent(key)}&region=${view.region.code}` });
    },
    /** 督导通报 and the other supervision pages a county's or a township's board leads to. */
    onLink(e: WechatMiniprogram.TouchEvent) {
      const url = String((e.currentTarget.dataset as { url?: string }).url ?? '');
      if (url) wx.navigateTo({ url });
    },
    /** A ranked region or a breadcrumb: its board. */
    onRegion(e: WechatMiniprogram.TouchEvent) {
      const code = String((e.currentTarget.dataset as { code?: string }).code ?? '');
      if (code) wx.navigateTo({ url: `/packageSupervision/pages/board/index?region=${code}` });
    },
    async onRefresh() {
      if (this.data.refreshing) return;
      this.setData({ refreshing: true, refreshMessage: '', refreshFailed: false });
      const res = await refreshBoard();
      if (!res.ok) {
        this.setData({ refreshing: false, refreshFailed: true, refreshMessage: `没能重新统计：${errorText(res.error)}` });
        return;
      }
      this.setData({ refreshing: false, refreshMessage: `已重新统计（用时 ${Math.max(1, Math.round(res.data.tookMs / 1000))} 秒）` });
      await this.load();
    },
  },
});
