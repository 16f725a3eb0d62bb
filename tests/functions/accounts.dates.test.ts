/**
 * Time-bound access on the stand-in clock: invitations expire, break-glass grants end after 3 hours.
 */
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

let t: TestStack;
const T0 = new Date('2025-03-10T01:00:00Z');

async function call<T = any>(action: string, data: unknown, openid: string): Promise<Envelope<T>> {
  return t.call<T>('accounts', action, data, { openid });
}
function data<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const code = (r: Envelope<unknown>) => (r.ok ? undefined : r.error.code);
let n = 0;
const rid = () => `req-dates-${n++}-${Date.now()}`;

beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts'] });
  useStackKey(t);
  await seedWorld(t.app);
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(() => t.clock.set(T0));

test('an invitation expires after its lifetime (default 7 days)', async () => {
  const officer = await makePersona(t.app, 'villageOfficer', SIDES.in);
  const inv = data(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId: rid() }, officer.openid));
  expect(new Date(inv.expiresAt).getTime() - T0.getTime()).toBe(7 * 86_400_000);
  t.clock.set(new Date(T0.getTime() + 7 * 86_400_000 + 1000));
  expect(code(await call('acceptInvitation', { code: inv.code }, 'o-late-parent'))).toBe('INVITATION_EXPIRED');
  const list = data(await call('listInvitations', {}, officer.openid));
  expect(list.invitations.find((i: any) => i.invitationId === inv.invitationId).status).toBe('expired');

  const short = data(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', ttlDays: 1, requestId: rid() }, officer.openid));
  t.clock.set(new Date(t.clock.now().getTime() + 86_400_000 - 60_000));
  expect(data(await call('acceptInvitation', { code: short.code }, 'o-on-time-parent')).role).toBe('parent');
});

describe('break-glass', () => {
  let staff: Persona;
  beforeAll(async () => {
    staff = await makePersona(t.app, 'townshipStaff', SIDES.in);
  });

  test('township staff open a file outside their township with a reason, for 3 hours, flagged to the county admin', async () => {
    const read = () => call('revealChildField', { childId: SIDES.near.childId, path: 'idNumber', reason: '核实儿童身份信息' }, staff.openid);
    const denied = await read();
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { breakGlassAvailable: true } } });

    expect(code(await call('openBreakGlass', { childId: SIDES.near.childId, reason: '短' }, staff.openid))).toBe('VALIDATION_FAILED');
    const grant = data(await call('openBreakGlass', { childId: SIDES.near.childId, reason: '群众反映该儿童独自在家，需核实' }, staff.openid));
    expect(grant.needed).toBe(true);
    expect(new Date(grant.expiresAt).getTime() - T0.getTime()).toBe(3 * 3600_000);

    t.clock.set(new Date(T0.getTime() + 3 * 3600_000 - 60_000));
    expect(code(await read())).toBeUndefined();
    const entries = (await t.app.database().collection(C.auditLog).where({ 'actor.personId': staff.personId }).get()).data;
    expect(entries.filter((e: any) => e.breakGlass === grant.grantId).map((e: any) => e.op).sort()).toEqual(['breakGlass', 'reveal']);

    // The county admin sees it pending until acknowledged.
    const admin = await makePersona(t.app, 'countyAdmin', SIDES.in);
    expect(data(await call('me', {}, admin.openid)).pending.breakGlassToAcknowledge).toBe(1);
    const listed = data(await call('listBreakGlass', { onlyUnacknowledged: true }, admin.openid));
    expect(listed.grants).toEqual([expect.objectContaining({ grantId: grant.grantId, reason: '群众反映该儿童独自在家，需核实', active: true })]);
    // Whose file, by name (the county admin sees child names in full).
    const near = (await t.app.database().collection(C.children).doc(SIDES.near.childId).get()).data[0];
    expect(listed.grants[0].childName).toBe(near.name);

    t.clock.set(new Date(T0.getTime() + 3 * 3600_000 + 1000));
    expect(code(await read())).toBe('FORBIDDEN');

    data(await call('acknowledgeBreakGlass', { grantId: grant.grantId }, admin.openid));
    expect(data(await call('me', {}, admin.openid)).pending.breakGlassToAcknowledge).toBe(0);
  });

  test('the county admin can end a grant early', async () => {
    const grant = data(await call('openBreakGlass', { childId: SIDES.near.childId, reason: '复核走访记录中的问题' }, staff.openid));
    const read = () => call('whoViewedChild', { childId: SIDES.near.childId }, staff.openid);
    expect(code(await read())).toBeUndefined();
    const admin = await makePersona(t.app, 'countyAdmin', SIDES.in);
    data(await call('acknowledgeBreakGlass', { grantId: grant.grantId, endNow: true }, admin.openid));
    expect(code(await read())).toBe('FORBIDDEN');
  });

  test('no break-glass into another county, and none for in-scope files', async () => {
    expect(code(await call('openBreakGlass', { childId: SIDES.far.childId, reason: '群众反映该儿童独自在家' }, staff.openid))).toBe('FORBIDDEN');
    expect(data(await call('openBreakGlass', { childId: SIDES.in.childId, reason: '群众反映该儿童独自在家' }, staff.openid)).needed).toBe(false);
    // Village officers have no break-glass at all.
    const officer = await makePersona(t.app, 'villageOfficer', SIDES.in);
    expect(code(await call('openBreakGlass', { childId: SIDES.near.childId, reason: '群众反映该儿童独自在家' }, officer.openid))).toBe('FORBIDDEN');
  });
});
