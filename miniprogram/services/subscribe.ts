/**
 * 微信提醒: the person's subscribe templates (`inbox.subscriptionSettings`), asking WeChat
 * (`wx.requestSubscribeMessage`, which must run in a tap handler) and recording the answers
 * (`inbox.recordSubscriptions`: the credits `notify()` sends against).
 *
 * Local mode cannot open WeChat's popup with placeholder template ids, so it asks with a plain
 * dialog (本地模式：模拟微信订阅弹窗) and hands the answers to the WeChat stand-in through the dev
 * gateway (`POST /wechat/subscribe`), so both sides count the same credits.
 */
import { apiMode, callFunction, type Envelope } from './api';
import { gatewayRequest } from './gateway';
import { getDevPersona } from './dev-persona';
import { answerSummary, answersFrom, askFailureMessage, idsFor, type Answer, type SubscribeMoment, type SubscriptionSettings, type TemplateKey } from './subscribe-logic';

/** `inbox.subscriptionSettings`: the person's templates and what to ask at `moment`. */
export function subscriptionSettings(moment: SubscribeMoment = 'settings'): Promise<Envelope<SubscriptionSettings>> {
  return callFunction('inbox', 'subscriptionSettings', { moment });
}

/** What asking gave: the new settings and a sentence for the person, or why it failed. */
export type AskOutcome = { ok: true; settings: SubscriptionSettings; message: string } | { ok: false; message: string };

function askWeChat(ids: string[]): Promise<{ ok: true; res: Record<string, unknown> } | { ok: false; errCode?: number }> {
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => resolve({ ok: true, res: res as unknown as Record<string, unknown> }),
      fail: (err) => resolve({ ok: false, errCode: (err as { errCode?: number }).errCode }),
    });
  });
}

function askLocally(ids: string[], titles: string[]): Promise<{ ok: true; res: Record<string, unknown> }> {
  return new Promise((resolve) => {
    wx.showModal({
      title: '本地模式：模拟微信订阅弹窗',
      content: `是否允许接收以下提醒：${titles.join('、')}`,
      confirmText: '允许',
      cancelText: '拒绝',
      success: (r) => {
        const res: Record<string, unknown> = {};
        for (const id of ids) res[id] = r.confirm ? 'accept' : 'reject';
        resolve({ ok: true, res });
      },
      fail: () => resolve({ ok: true, res: {} }),
    });
  });
}

/**
 * Asks for `keys` (default: what the settings say to ask now; at most three) and records the
 * answers. Call it from a tap handler: WeChat shows its popup only for a tap.
 */
export async function askSubscribe(moment: SubscribeMoment, settings: SubscriptionSettings, keys: readonly TemplateKey[] = settings.ask): Promise<AskOutcome> {
  const { ids, keyOf } = idsFor(settings, keys.slice(0, 3));
  if (!ids.length) return { ok: false, message: '没有需要开启的提醒' };
  const local = apiMode() === 'local';
  const titles = ids.map((id) => (settings.templates.find((t) => t.template === keyOf[id]) || { title: '' }).title);
  const asked = local ? await askLocally(ids, titles) : await askWeChat(ids);
  if (!asked.ok) return { ok: false, message: askFailureMessage(asked.errCode) };
  const results = answersFrom(asked.res, keyOf);
  if (!results.length) return { ok: false, message: askFailureMessage(undefined) };
  if (local) {
    const persona = getDevPersona();
    await gatewayRequest('POST', '/wechat/subscribe', { results: Object.keys(keyOf).map((id) => ({ templateId: id, answer: asked.res[id] as Answer })) }, persona ? { 'X-Dev-Openid': persona.openid } : {});
  }
  const rec = await callFunction('inbox', 'recordSubscriptions', { moment, results });
  if (!rec.ok) return { ok: false, message: rec.error.message };
  return { ok: true, settings: rec.data, message: answerSummary(results, rec.data) };
}
