/**
 * 关爱服务站点 (packageCommunity/pages/directory/index?region=…; public, no binding): the places a
 * family in a township or village may go to — the village's 温馨家园, the township's sites, the
 * county's minors' protection centre — nearest first, each with its opening hours, address,
 * services and a 拨打 button (wx.makePhoneCall through sw-phone). In 长辈模式 a card keeps the
 * name, the hours, the address and one large call button.
 */
import { loadDirectory, type DirectoryView } from '../../services/community';
import { chosenRegion, indexesOf, placeOptions, siteCards, type SiteCard } from '../../services/community-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    county: '',
    regionName: '',
    townshipNames: [] as string[],
    villageNames: [] as string[],
    townshipIndex: -1,
    villageIndex: 0,
    cards: [] as SiteCard[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void this.load(decodeURIComponent(query.region ?? '') || undefined);
    },
    /** Loads the directory for a division (none: the whole county). */
    async load(region?: string) {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadDirectory(region);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.show(res.data as DirectoryView);
    },
    show(view: DirectoryView) {
      (this as unknown as { _view: DirectoryView })._view = view;
      const { townshipIndex, villageIndex } = indexesOf(view, view.region?.code);
      const options = placeOptions(view, townshipIndex);
      this.setData({
        loading: false,
        county: view.county?.name.replace('（全县）', '') ?? '',
        regionName: view.region?.name ?? '',
        townshipNames: options.townships,
        villageNames: options.villages,
        townshipIndex,
        villageIndex,
        cards: siteCards(view.sites),
      });
    },
    view(): DirectoryView | undefined {
      return (this as unknown as { _view?: DirectoryView })._view;
    },
    onTownship(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const view = this.view();
      if (!view) return;
      void this.load(chosenRegion(view, Number(e.detail.value), 0));
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      const view = this.view();
      if (!view) return;
      void this.load(chosenRegion(view, this.data.townshipIndex, Number(e.detail.value)));
    },
    retry() {
      void this.load(this.view()?.region?.code);
    },
  },
});
