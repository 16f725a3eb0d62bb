/**
 * 一项督查整改 (packageSupervision/pages/follow-up/index?id=…; also from 消息): what the spot
 * check found, the deadline (overdue said plainly), the township's answer and the county's
 * decisions. Township staff answer (整改情况 + photos: 标记已整改); county admins accept (办结)
 * or return it with a reason (退回整改).
 */
import { addPhotos, answerFollowUp, loadFollowUp, reviewFollowUp, type FollowUpView } from '../../services/supervision';
import { errorText } from '../../../utils/error-text';
import { formatTime } from '../../../utils/time';
import { uiMode } from '../../../behaviors/ui-mode';

const STATUS = { open: '待整改', answered: '已回复，等待县民政局确认', closed: '已办结' } as const;

Component({
  behaviors: [uiMode],
  data: {
    id: '',
    loading: true,
    errorMessage: '',
    view: null as FollowUpView | null,
    statusText: '',
    deadlineText: '',
    history: [] as string[],
    note: '',
    photos: [] as string[],
    reviewNote: '',
    busy: false,
    actionError: '',
    done: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
      void this.load();
    },
    async load() {
      this.setData({ loading: !this.data.view, errorMessage: '' });
      const res = await loadFollowUp(this.data.id);
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: errorText(res.error) });
        return;
      }
      this.show(res.data);
    },
    show(v: FollowUpView) {
      const history: string[] = [`${formatTime(v.openedAt)} 县民政局抽查发现：${v.problem}`];
      if (v.answer) history.push(`${formatTime(v.answer.at)} 乡镇回复：${v.answer.note}`);
      for (const r of v.reviews) history.push(`${formatTime(r.at)} 县民政局${r.accepted ? '确认办结' : `退回整改：${r.note ?? ''}`}`);
      this.setData({
        loading: false,
        view: v,
        statusText: v.overdue ? '已逾期未整改' : STATUS[v.status],
        deadlineText: `整改期限 ${v.deadline}${v.overdue ? '，已过期限，请尽快整改并回复' : ''}`,
        history,
      });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, actionError: '' });
    },
    async onAddPhoto() {
      const r = await addPhotos(9 - this.data.photos.length, { followUpId: this.data.id });
      this.setData({ photos: [...this.data.photos, ...r.fileIDs], actionError: r.error ?? '' });
    },
    /** 标记已整改: the township's answer. */
    async onAnswer() {
      if (this.data.busy) return;
      this.setData({ busy: true, actionError: '' });
      const res = await answerFollowUp({ id: this.data.id, note: this.data.note.trim(), photos: this.data.photos });
      if (!res.ok) {
        this.setData({ busy: false, actionError: errorText(res.error) });
        return;
      }
      this.setData({ busy: false, note: '', photos: [], done: '已回复，县民政局确认后办结' });
      this.show(res.data);
    },
    async onReview(e: WechatMiniprogram.TouchEvent) {
      if (this.data.busy) return;
      const accept = (e.currentTarget.dataset as { accept?: string }).accept === 'yes';
      this.setData({ busy: true, actionError: '' });
      const note = this.data.reviewNote.trim();
      const res = await reviewFollowUp({ id: this.data.id, accept, ...(note ? { note } : {}) });
      if (!res.ok) {
        this.setData({ busy: false, actionError: errorText(res.error) });
        return;
      }
      this.setData({ busy: false, reviewNote: '', done: accept ? '已办结，已告知乡镇' : '已退回整改，已告知乡镇' });
      this.show(res.data);
    },
  },
});
