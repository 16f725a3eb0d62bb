/**
 * 亲情连线 (parents): each of my children — who cares for them, the latest visit notes, school,
 * the confirmation and any order — and quick actions: log a call, a video call or a visit home,
 * and leave a message for the guardian or the village officer. A parent sees only their own
 * children (the server decides).
 */
import { childOverview, logCheckIn, myChildren, sendMessage, type ParentChildOverview, type ParentChildSummary } from '../../../services/guardianship';
import type { CheckInKind, MessageRecipient } from '../../../../cloudfunctions/_shared/contracts/guardianship';
import { uiMode } from '../../../behaviors/ui-mode';

Component({
  behaviors: [uiMode],
  data: {
    loading: true,
    errorMessage: '',
    notice: '',
    children: [] as ParentChildSummary[],
    current: null as ParentChildOverview | null,
    message: '',
  },
  methods: {
    async onLoad() {
      const res = await myChildren();
      if (!res.ok) {
        this.setData({ loading: false, errorMessage: res.error.message });
        return;
      }
      this.setData({ loading: false, children: res.data.children });
      if (res.data.children.length === 1) await this.open(res.data.children[0].childId);
    },
    async onOpen(e: WechatMiniprogram.TouchEvent) {
      await this.open((e.currentTarget.dataset as { id: string }).id);
    },
    async open(childId: string) {
      const res = await childOverview(childId);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      this.setData({ current: res.data, errorMessage: '' });
    },
    async onLog(e: WechatMiniprogram.TouchEvent) {
      const kind = (e.currentTarget.dataset as { kind: CheckInKind }).kind;
      const cur = this.data.current;
      if (!cur) return;
      const res = await logCheckIn(cur.childId, kind);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      this.setData({ notice: '已记录，谢谢您常联系孩子' });
      await this.open(cur.childId);
    },
    onMessageInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ message: e.detail.value });
    },
    async onSend(e: WechatMiniprogram.TouchEvent) {
      const to = (e.currentTarget.dataset as { to: MessageRecipient }).to;
      const cur = this.data.current;
      const text = this.data.message.trim();
      if (!cur || !text) {
        this.setData({ errorMessage: '请先填写留言' });
        return;
      }
      const res = await sendMessage(cur.childId, to, text);
      if (!res.ok) {
        this.setData({ errorMessage: res.error.message });
        return;
      }
      this.setData({ message: '', notice: '留言已送达' });
    },
    onConfirmation() {
      const c = this.data.current?.confirmation;
      if (c) wx.navigateTo({ url: `/packageGuardianship/pages/confirmation/index?id=${c.id}` });
    },
  },
});
