/**
 * 核实 (packageSupervision/pages/check-item/index?checkId=…&itemId=…): one drawn record — the
 * child, the village, what the record says — and the checker's result: 核实无误 or 与记录不符,
 * with 核实情况 (required) and photos. 与记录不符 opens a follow-up task for the township (整改期限:
 * the county's default, or a day the checker picks, 1–60 days ahead), whose
 * staff are told in 消息; the page then says with which deadline and who was told. A checked
 * item shows its result. Role: county admin (the checker; docs/supervision.md).
 */
import { addPhotos, loadSpotCheck, recordSpotCheck, type SpotCheckItemView } from '../../services/supervision';
import { itemTag } from '../../services/spot-check-logic';
import { errorText } from '../../../utils/error-text';
import { beijingDay } from '../../../services/care-logic';
import { uiMode } from '../../../behaviors/ui-mode';

const MAX_PHOTOS = 9;
/** The latest deadline a checker may pick, in days from today (contracts: followUpDaysMax). */
const MAX_DEADLINE_DAYS = 60;

/** `YYYY-MM-DD` + n days (calendar arithmetic, no zone). */
function plusDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (`YYYY-MM-DD`). */
function daysFrom(a: string, b: string): number {
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

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
    /** 整改期限 picked for a discrepancy; empty = the county's default. */
    deadline: '',
    firstDeadline: '',
    lastDeadline: '',
    saving: false,
    saveError: '',
    done: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const today = beijingDay(new Date());
      this.setData({
        checkId: decodeURIComponent(query.checkId ?? ''),
        itemId: decodeURIComponent(query.itemId ?? ''),
        firstDeadline: plusDays(today, 1),
        lastDeadline: plusDays(today, MAX_DEADLINE_DAYS),
      });
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
    onDeadline(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ deadline: e.detail.value, saveError: '' });
    },
    async onAddPhoto() {
      const r = await addPhotos(MAX_PHOTOS - this.data.photos.length, { itemId: this.data.itemId });
      this.setData({ photos: [...this.data.photos, ...r.fileIDs], saveError: r.error ?? '' });
    },
    async onSave() {
      if (this.data.saving) return;
      if (!this.data.result) {
        this.setData({ saveError: '请选择核实结果：核实无误，或与记录不符' });
        return;
      }
      this.setData({ saving: true, saveError: '' });
      const { deadline, result } = this.data;
      const days = result === 'discrepancy' && deadline ? daysFrom(beijingDay(new Date()), deadline) : undefined;
      if (days !== undefined && (days < 1 || days > MAX_DEADLINE_DAYS)) {
        this.setData({ saving: false, saveError: `整改期限请选明天起${MAX_DEADLINE_DAYS}天内的日期` });
        return;
      }
      const res = await recordSpotCheck({ itemId: this.data.itemId, result, note: this.data.note.trim(), photos: this.data.photos, ...(days !== undefined ? { followUpDays: days } : {}) });
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
