/**
 * PUBLISHJOBFINISH (contract §4.3) reaching `articles` through the dev gateway's `/wechat/event`,
 * shaped as CloudBase's HTTP access service would deliver it: the article becomes published
 * without waiting for the scheduled poll; forged pushes are refused; repeats change nothing.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { makePersona, type Persona } from '../helpers/access-world';
import { wechatSignature } from '../../cloudfunctions/_shared/wechat/event';
import { DEFAULT_KNOBS } from '../../local/wechat';
import type { ManagedArticle, PublishView } from '../../cloudfunctions/_shared/contracts/articles';

jest.setTimeout(60_000);

let t: TestStack;
let publisher: Persona;
let reviewer: Persona;

beforeAll(async () => {
  t = await startTestStack({ functions: ['articles'], gateway: true });
  // Between two poll minutes, so only the push can finish the job.
  t.clock.set(new Date('2026-03-02T02:00:10Z'));
  publisher = await makePersona(t.app, 'publisher');
  reviewer = await makePersona(t.app, 'reviewer');
}, 120_000);
afterAll(async () => t?.stop());

async function ok<T>(action: string, data: unknown, p: Persona): Promise<T> {
  const r = await t.call<T>('articles', action, data, { openid: p.openid });
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}

function signed(extra: Record<string, string> = {}, token = DEFAULT_KNOBS.eventToken): string {
  const timestamp = '1772416810';
  const nonce = '12345';
  const q = new URLSearchParams({ signature: wechatSignature(token, timestamp, nonce), timestamp, nonce, ...extra });
  return `${t.stack.gatewayUrl}/wechat/event?${q.toString()}`;
}

test('the pushed event publishes the article; polling agrees; a replay changes nothing', async () => {
  const a = await ok<ManagedArticle>('createArticle', { title: '预防未成年人犯罪法要点', tags: ['预防未成年人犯罪法'], markdown: '## 要点\n\n预防为主，提前干预。' }, publisher);
  await ok('submitForReview', { articleId: a.id }, publisher);
  await ok('reviewArticle', { articleId: a.id, decision: 'approve' }, reviewer);
  expect((await ok<PublishView>('publishArticle', { articleId: a.id }, publisher)).state).toBe('publishing');

  t.clock.set(new Date('2026-03-02T02:00:15Z')); // past the 2 s publishing time, no poll minute crossed
  await t.wechat.admin.settle();
  const events = t.wechat.admin.state().events;
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ delivered: true, attempts: 1 });

  const detail = await ok<ManagedArticle>('getManagedArticle', { articleId: a.id }, publisher);
  expect(detail.status).toBe('published');
  expect(detail.publish.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);

  // WeChat retries: the same push again is acknowledged and changes nothing.
  const replay = await fetch(signed(), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: events[0].xml });
  expect(replay.status).toBe(200);
  expect(await replay.text()).toBe('success');
  const again = await ok<ManagedArticle>('getManagedArticle', { articleId: a.id }, publisher);
  expect(again.publish).toEqual(detail.publish);
  expect((await ok<PublishView>('refreshPublishStatus', { articleId: a.id }, publisher)).state).toBe('published');
});

test('a push with a wrong signature is refused; the console URL check is answered', async () => {
  const forged = await fetch(signed({}, 'not-the-token'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<xml><MsgType>event</MsgType></xml>' });
  expect(forged.status).toBe(403);
  const unsigned = await fetch(`${t.stack.gatewayUrl}/wechat/event`, { method: 'POST', body: '<xml/>' });
  expect(unsigned.status).toBe(403);
  const check = await fetch(signed({ echostr: 'echo-4711' }));
  expect(check.status).toBe(200);
  expect(await check.text()).toBe('echo-4711');
});
