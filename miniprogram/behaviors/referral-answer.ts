/**
 * The 答复 form of a referral list (热线转介单, 转介单): open one card's form, type what was done,
 * send. The page supplies `sendAnswer(id, text)` (its function's answer action) and
 * `answeredNotice(inTime)` (what the sender is told next), and may set `answerMin` (the fewest
 * characters its action takes, default 1); on success the list reloads through
 * the page's `load()`. A refused send keeps what was typed for another try.
 */
import type { Envelope } from '../services/api';

interface AnswerData {
  answering: string;
  reply: string;
  sending: boolean;
  answerMin: number;
}

type AnswerPage = Omit<WechatMiniprogram.Component.TrivialInstance, 'data'> & {
  data: AnswerData;
  sendAnswer(id: string, text: string): Promise<Envelope<{ referral: { answeredInTime?: boolean } }>>;
  answeredNotice(inTime: boolean | undefined): string;
  load(): Promise<void>;
};

export const referralAnswer = Behavior({
  data: { answering: '', reply: '', sending: false, answerError: '', notice: '', answerMin: 1 },
  methods: {
    onAnswer(this: AnswerPage, e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.setData({ answering: e.currentTarget.dataset.id, reply: '', answerError: '', notice: '' });
    },
    onCancel(this: AnswerPage) {
      this.setData({ answering: '', answerError: '' });
    },
    onReply(this: AnswerPage, e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reply: e.detail.value, answerError: '' });
    },
    async onSend(this: AnswerPage) {
      const text = this.data.reply.trim();
      if (this.data.sending) return;
      if (text.length < this.data.answerMin) {
        this.setData({ answerError: '请写下处理情况再提交' });
        return;
      }
      this.setData({ sending: true });
      const res = await this.sendAnswer(this.data.answering, text);
      if (!res.ok) {
        this.setData({ sending: false, answerError: res.error.message });
        return;
      }
      this.setData({ sending: false, answering: '', reply: '', notice: this.answeredNotice(res.data.referral.answeredInTime) });
      await this.load();
    },
  },
});
