/**
 * 核实 (packageSupervision/pages/check-item/index?checkId=…&itemId=…): one drawn record — the
 * child, the village, what the record says — and the checker's result: 核实无误 or 与记录不符,
 * with 核实情况 (required) and photos. 与记录不符 opens a follow-up task for the township, whose
 * staff are told in 消息; the page then says with which deadline and who was told. A checked
 * item shows its result. Role: county admin (the checker; docs/supervision.md).
 */
import { addPhotos, loadSpotCheck, recordSpotCheck, type SpotCheckItemView } from '../../services/supervision';
import { itemTag } from '../../services/spot-check-logic';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

const MAX_PHOTOS = 9;

Component({
  behaviors: [uiMode],
  data: {
    checkId: '',
    itemId: '',
    loading: true,
    errorMessage: '',
    item: null as (SpotCheckItemView & { tag: string; tone: string }) | null,
    result: '' as '' | 'confirmed' | 'discrepancy',
    note: '',
    photos: [] as string[],
    saving: false,
    saveError: '',
    done: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ checkId: decodeURIComponent(query.checkId ?? ''), itemId: decodeURIComponent(query.itemId ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadSpotCheck(this.data.checkId);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      const item = res.data.items.find((i) => i.id === this.data.itemId);
      if (!item) {
        this.setData({ loading: false, errorMessage: '这次抽查里没有这一项，请返回抽查列表重新打开' });
        return;
      }
      this.setData({ loading: false, item: { ...item, ...itemTag(item) } });
    },
    onResult(e: WechatMiniprogram.CustomEvent<{ value: 'confirmed' | 'discrepancy' }>) {
      this.setData({ result: e.detail.value, saveError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value, saveError: '' });
    },
    async onAddPhoto() {
      const r = await addPhotos(MAX_PHOTOS - this.data.photos.length);
      this.setData({ photos: [...this.data.photos, ...r.fileIDs], saveError: r.error ?? '' });
    },
    async onSave() {
      if (this.data.saving) return;
      if (!this.data.result) {
        this.setData({ saveError: '请选择核实结果：核实无误，或与记录不符' });
        return;
      }
      this.setData({ saving: true, saveError: '' });
      const res = await recordSpotCheck({ itemId: this.data.itemId, result: this.data.result, note: this.data.note.trim(), photos: this.data.photos });
      if (!res.ok) {
        this.setData({ saving: false, saveError: errorText(res.error) });
        return;
      }
      const r = res.data;
      const done = r.followUp
        ? r.nobodyReached
          ? `已记录，整改任务期限 ${r.followUp.deadline}。该乡镇没有工作人员，县里除您之外也没有可通知的人，请尽快安排人员并电话告知乡镇。`
          : `已记录，并向${r.item.township.name}开出整改任务，期限 ${r.followUp.deadline}，已在“消息”中通知 ${r.told} 人`
        : '已记录：核实无误';
      this.setData({ saving: false, done, item: { ...r.item, ...itemTag(r.item) } });
    },
    onFollowUp() {
      const id = this.data.item?.followUp?.id;
      if (id) wx.navigateTo({ url: `/packageSupervision/pages/follow-up/index?id=${encodeURIComponent(id)}` });
    },
  },
});
