/**
 * 志愿者报名审核 (packageCommunity/pages/applications/index; township staff for their township,
 * the county for all): the sign-ups waiting (oldest first), each with name, masked mobile, where
 * and what they can do; 通过 makes the person a volunteer (they can scan to check in), 不通过
 * needs a reason, which the person reads on 志愿者报名. The other tabs list past decisions.
 */
import { decide, loadApplications, type ApplicationView } from '../../services/community';
import { formatTime } from '../../../utils/time';
import { errorText } from '../../../utils/error-text';
import { uiMode } from '../../../behaviors/ui-mode';

type Status = 'pending' | 'approved' | 'rejected';
interface Card {
  id: string;
  name: string;
  line: string;
  note: string;
  statusLabel: string;
  decided: string;
}

function cards(items: ApplicationView[]): Card[] {
  return items.map((a) => ({
    id: a.volunteerId,
    name: a.name,
    line: `${a.region.name} · 手机 ${a.phone || '未填写'} · ${formatTime(a.appliedAt)} 报名`,
    note: a.note ? `特长与可服务时间：${a.note}` : '',
    statusLabel: a.statusLabel,
    decided: a.decidedAt ? `${formatTime(a.decidedAt)} 审核${a.decisionNote ? `，意见：${a.decisionNote}` : ''}` : '',
  }));
}

Component({
  behaviors: [uiMode],
  data: {
    status: 'pending' as Status,
    tabs: [
      { value: 'pending', label: '待审核' },
      { value: 'approved', label: '已通过' },
      { value: 'rejected', label: '未通过' },
    ],
    loading: true,
    errorMessage: '',
    cards: [] as Card[],
    notes: {} as Record<string, string>,
    busy: '',
    actionError: '',
    done: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, errorMessage: '' });
      const res = await loadApplications(this.data.status);
      if (!res.ok) return this.setData({ loading: false, errorMessage: errorText(res.error) });
      this.setData({ loading: false, cards: cards(res.data.items as ApplicationView[]) });
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: Status }>) {
      this.setData({ status: e.detail.value, done: '', actionError: '' });
      void this.load();
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const id = String((e.currentTarget.dataset as { id?: string }).id ?? '');
      this.setData({ [`notes.${id}`]: e.detail.value });
    },
    async onDecide(e: WechatMiniprogram.TouchEvent) {
      const { id, decision } = e.currentTarget.dataset as { id?: string; decision?: 'approve' | 'reject' };
      if (!id || !decision || this.data.busy) return;
      this.setData({ busy: id, actionError: '', done: '' });
      const res = await decide(id, decision, this.data.notes[id] ?? '');
      this.setData({ busy: '' });
      if (!res.ok) return this.setData({ actionError: errorText(res.error, { note: '审核意见' }) });
      this.setData({ done: `${res.data.name}：${res.data.statusLabel}` });
      await this.load();
    },
  },
});
