/**
 * 消息 (the `inbox` function) through the real stack: a person's entries newest first and paged,
 * the unread count, marking read (only one's own entries), marking all read, the page each entry
 * opens, and a helpline requester with no person reading the replies addressed to their openid's
 * keyed hash.
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { recipientField } from '../../cloudfunctions/_shared/notify';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(120_000);

let t: TestStack;
let officer: Persona;
let other: Persona;
let seq = 0;

function ok<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const inbox = <T = any>(action: string, data: unknown, who: { openid: string }) => t.call<T>('inbox', action, data, { openid: who.openid });

/** Stores an entry as `notify()` would (the fields the inbox reads). */
async function entry(personId: string, kind: string, at: Date, extra: Record<string, unknown> = {}): Promise<string> {
  return insert(t.app, 'notifications', {
    _id: `n-${seq++}`,
    to: { personId },
    recipient: recipientField({ personId }),
    kind,
    title: `标题${seq}`,
    body: '内容',
    createdAt: at,
    readAt: null,
    ...extra,
  });
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['inbox', 'helpline'] });
  useStackKey(t);
  await seedWorld(t.app);
  officer = await makePersona(t.app, 'townshipStaff');
  other = await makePersona(t.app, 'townshipStaff');
}, 120_000);
afterAll(async () => t?.stop());

test('newest first, paged without gaps or repeats, with the unread count', async () => {
  const base = Date.parse('2025-03-01T00:00:00Z');
  const ids: string[] = [];
  // 25 entries, two of them at the same instant (the cursor breaks ties by id).
  for (let i = 0; i < 25; i++) ids.push(await entry(officer.personId!, 'care.report', new Date(base + Math.min(i, 23) * 60_000), { ref: { kind: 'report', id: `r${i}` } }));
  await entry(other.personId!, 'care.report', new Date(base + 99 * 60_000));

  const first = ok(await inbox<any>('list', { limit: 10 }, officer));
  expect(first.unread).toBe(25);
  expect(first.items).toHaveLength(10);
  const times = first.items.map((i: any) => Date.parse(i.createdAt));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
  const seen = [...first.items.map((i: any) => i.id)];
  let next = first.next;
  while (next) {
    const page = ok(await inbox<any>('list', { limit: 10, before: next }, officer));
    seen.push(...page.items.map((i: any) => i.id));
    next = page.next;
  }
  expect(seen).toHaveLength(25);
  expect(new Set(seen)).toEqual(new Set(ids));

  // What an entry carries: its category and the page it opens.
  expect(first.items[0]).toMatchObject({ category: '强制报告', page: '/packageCare/pages/report/index?reportId=r24', tab: false, readAt: null });
  expect(first.items[0]).not.toHaveProperty('push');
  expect(ok(await inbox<any>('unreadCount', {}, other)).unread).toBe(1);
});

test('mark read: only one’s own entries; again changes nothing; mark all read', async () => {
  const at = new Date('2025-03-02T00:00:00Z');
  const mineA = await entry(officer.personId!, 'guardianship.orderOpened', at, { ref: { kind: 'guardianshipOrder', id: 'o1' } });
  const theirs = await entry(other.personId!, 'guardianship.orderOpened', at);
  const before = ok(await inbox<any>('unreadCount', {}, officer)).unread;

  const r = ok(await inbox<any>('markRead', { ids: [mineA, theirs] }, officer));
  expect(r).toEqual({ updated: 1, unread: before - 1 });
  expect(ok(await inbox<any>('markRead', { ids: [mineA] }, officer)).updated).toBe(0);
  // Someone else's entry stays unread for them.
  const theirsNow = ok(await inbox<any>('list', { unreadOnly: true, limit: 50 }, other)).items.map((i: any) => i.id);
  expect(theirsNow).toContain(theirs);
  // The read entry shows when it was read; the unread-only list leaves it out.
  const read = ok(await inbox<any>('list', { limit: 50 }, officer)).items.find((i: any) => i.id === mineA);
  expect(read.readAt).toEqual(expect.any(String));
  expect(read.page).toBe('/packageGuardianship/pages/order/index?id=o1');
  expect(ok(await inbox<any>('list', { unreadOnly: true, limit: 50 }, officer)).items.map((i: any) => i.id)).not.toContain(mineA);

  expect(ok(await inbox<any>('markAllRead', {}, officer))).toEqual({ updated: before - 1, unread: 0 });
  expect(ok(await inbox<any>('unreadCount', {}, officer)).unread).toBe(0);
  expect(ok(await inbox<any>('unreadCount', {}, other)).unread).toBeGreaterThan(0);
});

test('someone with no role has an empty inbox, and a bad page marker is refused in Chinese', async () => {
  expect(ok(await inbox<any>('list', {}, { openid: 'o-nobody-inbox' }))).toEqual({ items: [], next: null, unread: 0 });
  const bad = await inbox('list', { before: 'x' }, officer);
  expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('翻页标记无效') } });
  expect(await t.call('inbox', 'list', {}, {})).toMatchObject({ ok: false });
});

test('a helpline requester with no person reads the agent’s reply in 消息, which opens 求助', async () => {
  await insert(t.app, 'helplineTeams', { _id: SIDES.in.teamId, name: '12355热线', default: true });
  const agent = await makePersona(t.app, 'helplineAgent');
  const asker = { openid: 'o-inbox-asker' };
  const req = ok(await t.call<any>('helpline', 'submitRequest', { requestId: 'inbox-req-1', category: 'psychological', description: '最近压力很大', requesterKind: 'child' }, asker));
  ok(await t.call('helpline', 'claim', { id: req.id }, agent));
  ok(await t.call('helpline', 'reply', { id: req.id, text: '你好，我在听', messageId: 'inbox-msg-1' }, agent));

  const page = ok(await inbox<any>('list', {}, asker));
  expect(page.unread).toBe(1);
  expect(page.items).toEqual([expect.objectContaining({ kind: 'helpline.reply', title: '求助已回复', category: '我的求助', page: `/pages/help/index?id=${req.id}`, tab: true })]);
  // Nobody else sees it.
  expect(ok(await inbox<any>('list', {}, { openid: 'o-inbox-someone' })).items).toEqual([]);
  expect(ok(await inbox<any>('markAllRead', {}, asker)).updated).toBe(1);
});
