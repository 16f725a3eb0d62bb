/**
 * 关爱服务站点 (packageCommunity/pages/directory/index?region=…; public, no binding): the places a
 * family in a township or village may go to — the village's 温馨家园, the township's sites, the
 * county's minors' protection centre — nearest first, each with its opening hours, address,
 * services and a 拨打 button (wx.makePhoneCall through sw-phone). In 长辈模式 a card keeps the
 * name, the hours, the address and one large call button.
 *
 * 离我最近: asks for the phone's position once (wx.getLocation, GCJ-02; the system asks the person
 * first), then lists the sites placed on the map by distance (约1.2公里) with 导航
 * (wx.openLocation). Refused or failed, the page says so and keeps the order by division. The
 * position goes to the directory for this one sort; nothing stores it.
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
    /** The list is sorted by distance from the phone's position. */
    nearest: false,
    locating: false,
    locateError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void this.load(decodeURIComponent(query.region ?? '') || undefined);
    },
    /** Loads the directory for a division (none: the whole county), nearest first when the position is known. */
    async load(region?: string) {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadDirectory(region, this.position());
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
    position(): { latitude: number; longitude: number } | undefined {
      return (this as unknown as { _near?: { latitude: number; longitude: number } })._near;
    },
    /** 离我最近: the phone's position, then the list again sorted by distance. */
    onNearest() {
      if (this.data.locating) return;
      this.setData({ locating: true, locateError: '' });
      wx.getLocation({
        type: 'gcj02',
        success: (res) => {
          (this as unknown as { _near?: { latitude: number; longitude: number } })._near = { latitude: res.latitude, longitude: res.longitude };
          this.setData({ locating: false, nearest: true });
          void this.load(this.view()?.region?.code);
        },
        fail: (err: { errMsg?: string }) => {
          const denied = /auth|deny|denied/i.test(err?.errMsg ?? '');
          this.setData({
            locating: false,
            locateError: denied ? '没有获得位置权限，仍按乡镇、村排列。可在右上角“…”→“设置”中允许使用位置后再试' : '没能获取您的位置，仍按乡镇、村排列，请稍后再试',
          });
        },
      });
    },
    /** 导航: the site on WeChat's map. */
    onNavigate(e: WechatMiniprogram.TouchEvent) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      const site = this.view()?.sites.find((s) => s.siteId === id);
      if (!site?.location) return;
      wx.openLocation({ latitude: site.location.latitude, longitude: site.location.longitude, name: site.name, address: site.address, scale: 16 });
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
