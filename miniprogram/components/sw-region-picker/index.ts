/**
 * A place picked by name: a row (t-cell) showing the chosen township or village, which opens a
 * TDesign cascader of the county's townships → villages with a search box (type "团结" to find
 * 团结社区). Nobody types a division code (issue 12). The names come from `registry.regions`
 * (services/regions.ts, loaded once per session).
 *
 *   <sw-region-picker label="儿童所在村（社区）" level="village" value="{{villageCode}}" bind:change="onVillage" />
 *
 * - `level`: `village` (township → village), `township`, or `any` (a township as a whole, or one
 *   of its villages);
 * - `value`: the chosen code (shown by name once the names are loaded);
 * Events: `change` `{ code, name }` — `name` as shown ("尧渡镇 · 团结社区").
 * A failed load shows the reason under the row; tapping the row again retries.
 */
import { loadRegions, pickedCode, regionChoices, regionPath, type RegionChoice, type RegionTreeView } from '../../services/regions';

const SUB_TITLES: Record<string, string[]> = {
  township: ['请选择乡镇'],
  village: ['请选择乡镇', '请选择村（社区）'],
  any: ['请选择乡镇', '选择全镇，或其中一个村（社区）'],
};

Component({
  options: { styleIsolation: 'apply-shared' },
  properties: {
    label: { type: String, value: '地点' },
    title: { type: String, value: '' },
    placeholder: { type: String, value: '请选择' },
    level: { type: String, value: 'village' },
    value: { type: String, value: '' },
  },
  data: {
    loading: false,
    error: '',
    visible: false,
    shown: '',
    pickedValue: '',
    choices: [] as RegionChoice[],
    subTitles: SUB_TITLES.village,
    example: '团结',
  },
  observers: {
    level(level: string) {
      this.setData({ subTitles: SUB_TITLES[level] ?? SUB_TITLES.village });
    },
    value(code: string) {
      const tree = (this as unknown as { tree?: RegionTreeView }).tree;
      if (tree) this.setData({ shown: code ? regionPath(tree, code) : '', pickedValue: code });
      else if (code) void this.ensureLoaded();
    },
  },
  methods: {
    /** Loads the names once; @returns whether they are there. */
    async ensureLoaded(): Promise<boolean> {
      const self = this as unknown as { tree?: RegionTreeView };
      if (self.tree) return true;
      if (this.data.loading) return false;
      this.setData({ loading: true, error: '' });
      const res = await loadRegions();
      if (!res.ok) {
        this.setData({ loading: false, error: `没能载入地名：${res.error.message}` });
        return false;
      }
      self.tree = res.data;
      const first = res.data.townships[0]?.villages[0]?.name ?? '';
      this.setData({
        loading: false,
        choices: regionChoices(res.data, this.data.level as 'township' | 'village' | 'any'),
        example: first.replace(/(村民委员会|居民委员会|社区|村)$/, '') || '团结',
        shown: this.data.value ? regionPath(res.data, this.data.value) : '',
        pickedValue: this.data.value,
      });
      return true;
    },
    async onOpen() {
      if (await this.ensureLoaded()) this.setData({ visible: true });
    },
    onClose() {
      this.setData({ visible: false });
    },
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string; selectedOptions?: RegionChoice[] }>) {
      const tree = (this as unknown as { tree?: RegionTreeView }).tree;
      // The last selected option carries the value too (the cascader's search path fills it first).
      const options = e.detail.selectedOptions ?? [];
      const value = String(e.detail.value || (options.length ? options[options.length - 1].value : ''));
      if (!value) return;
      const code = pickedCode(value);
      const name = tree ? regionPath(tree, code) : '';
      this.setData({ visible: false, shown: name, pickedValue: value });
      this.triggerEvent('change', { code, name });
    },
  },
});
