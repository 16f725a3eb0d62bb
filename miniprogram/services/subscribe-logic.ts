/**
 * Pure logic of 微信提醒 (no `wx`, unit-tested in node): which ids to ask, how WeChat's answers map
 * back to our templates, and what to tell the person afterwards.
 */
import type { SubscriptionSettings, SubscribeMoment, TemplateKey } from '../contracts/inbox';

export type { SubscriptionSettings, SubscribeMoment, TemplateKey };

/** What one answer is, as `inbox.recordSubscriptions` takes it. */
export type Answer = 'accept' | 'reject' | 'ban' | 'filter' | 'acceptWithAudio';

/** The template ids to pass to wx.requestSubscribeMessage for `keys` (in order), and back. */
export function idsFor(settings: SubscriptionSettings, keys: readonly TemplateKey[]): { ids: string[]; keyOf: Record<string, TemplateKey> } {
  const ids: string[] = [];
  const keyOf: Record<string, TemplateKey> = {};
  for (const k of keys) {
    const t = settings.templates.find((x) => x.template === k);
    if (!t || ids.indexOf(t.templateId) >= 0) continue;
    ids.push(t.templateId);
    keyOf[t.templateId] = k;
  }
  return { ids, keyOf };
}

/** WeChat's answer object (`{ [templateId]: 'accept' | … , errMsg }`) as our results. */
export function answersFrom(res: Record<string, unknown>, keyOf: Record<string, TemplateKey>): { template: TemplateKey; answer: Answer }[] {
  const known: Answer[] = ['accept', 'reject', 'ban', 'filter', 'acceptWithAudio'];
  const out: { template: TemplateKey; answer: Answer }[] = [];
  for (const id of Object.keys(keyOf)) {
    const a = res[id];
    if (typeof a === 'string' && known.indexOf(a as Answer) >= 0) out.push({ template: keyOf[id], answer: a as Answer });
  }
  return out;
}

/** What to say when wx.requestSubscribeMessage failed (its errCode; reference §6.2). */
export function askFailureMessage(errCode: number | undefined): string {
  if (errCode === 20004) return '您关闭了本小程序的订阅消息，请点右上角“…”→“设置”→“订阅消息”打开后再试';
  if (errCode === 20005) return '微信暂时停用了本小程序的提醒，请在“消息”中查看通知';
  return '没能打开微信提醒，请稍后在“我的 → 微信提醒”中再试';
}

/** After the answers: what was switched on, in words. */
export function answerSummary(results: readonly { template: TemplateKey; answer: Answer }[], settings: SubscriptionSettings): string {
  const title = (k: TemplateKey) => (settings.templates.find((t) => t.template === k) || { title: k }).title;
  const on = results.filter((r) => r.answer === 'accept' || r.answer === 'acceptWithAudio').map((r) => title(r.template));
  if (on.length) return `已开启：${on.join('、')}。有新情况时微信会提醒您（每开启一次提醒一条），所有通知也都在“消息”里。`;
  return '没有开启微信提醒。所有通知仍会出现在“我的 → 消息”里，随时可以在“我的 → 微信提醒”中开启。';
}

/** The line a prompt shows at each moment: why a reminder helps here. */
export const MOMENT_REASONS: Record<SubscribeMoment, string> = {
  report: '报告有人处理、需要您处理报告或走访到期时，微信会提醒您。',
  checkIn: '孩子有新的走访记录、该联系孩子了、有监护事项时，微信会提醒您。',
  signing: '有确认书请您签署、确认书快到期时，微信会提醒您。',
  staffRole: '有事需要您处理时（报告、走访、确认书等），微信会提醒您。',
  help: '热线工作人员回复您的求助时，微信会提醒您。',
  settings: '',
};
