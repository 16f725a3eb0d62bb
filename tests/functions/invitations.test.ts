/**
 * Invitations as the pages use them (issue 11): whom a person may invite and to where
 * (`inviteOptions`, `familyInviteOptions`), the invitation card (the mini-program code from the
 * WeChat stand-in's wxacode.getUnlimited, the code, the share path), showing a card again, the
 * issuer told when it is accepted, the staff lists in words — and bad input: expired, revoked,
 * used, locked and out-of-scope invitations, inviting above one's scope, each refused with a
 * Chinese message naming why and nothing half-written.
 */
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, childDoc, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(120_000);

let t: TestStack;
let admin: Persona;
let township: Persona;
let officer: Persona;
let seq = 0;
const rid = () => `inv-${Date.now()}-${seq++}`;

function ok<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
const call = <T = any>(action: string, data: unknown, who: { openid: string }) => t.call<T>('accounts', action, data, { openid: who.openid });
async function counts(): Promise<Record<string, number>> {
  const db = t.app.database();
  const out: Record<string, number> = {};
  for (const c of [C.roleBindings, C.persons, C.identities, C.invitations, 'notifications']) out[c] = (await db.collection(c).count()).total ?? 0;
  return out;
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts'] });
  useStackKey(t);
  await seedWorld(t.app);
  // The child on file with its family (names as the registry stores them).
  await t.app.database().collection(C.children).doc(SIDES.in.childId).update({ father: { name: '陈建国' }, mother: { name: '李秀兰' }, entrusted: { name: '陈桂芳', relationToChild: '祖母' } });
  admin = await makePersona(t.app, 'countyAdmin');
  township = await makePersona(t.app, 'townshipStaff');
  officer = await makePersona(t.app, 'villageOfficer');
  t.clock.set(new Date('2026-03-02T02:00:00Z'));
}, 120_000);
afterAll(async () => t?.stop());

describe('whom one may invite', () => {
  test('the county admin: township staff of any township of the county, villages grouped by township, every county role', async () => {
    const o = ok(await call<any>('inviteOptions', {}, admin));
    const roles = o.roles.map((r: any) => r.role);
    expect(roles).toEqual(expect.arrayContaining(['villageOfficer', 'townshipStaff', 'police', 'helplineSupervisor', 'publisher', 'reviewer', 'countyAdmin']));
    expect(roles).not.toContain('parent');
    const town = o.roles.find((r: any) => r.role === 'townshipStaff');
    expect(town.choices.length).toBeGreaterThan(10);
    expect(town.choices.every((c: any) => /^\d{9}$/.test(c.scope.codes[0]) && c.scope.codes[0].startsWith('341721'))).toBe(true);
    expect(town.choices.map((c: any) => c.label)).toContain('尧渡镇');
    expect(town.supervisorOption).toBe(true);
    const police = o.roles.find((r: any) => r.role === 'police');
    expect(police.multiple).toBe(true);
    const villages = o.roles.find((r: any) => r.role === 'villageOfficer').choices;
    expect(villages.length).toBeGreaterThan(100);
    expect(villages.every((c: any) => !!c.group)).toBe(true);
    expect(o.roles.find((r: any) => r.role === 'publisher').choices.map((c: any) => c.label)).toEqual(['东至县']);
    // No school is registered yet: said plainly, not an empty list.
    expect(o.roles.find((r: any) => r.role === 'schoolStaff').unavailable).toMatch(/学校/);
  });

  test('township staff: only village officers, volunteers and service-site staff, only in their own township; a village officer: no staff', async () => {
    const o = ok(await call<any>('inviteOptions', {}, township));
    expect(o.roles.map((r: any) => r.role)).toEqual(['villageOfficer', 'volunteer', 'siteStaff']);
    const codes = o.roles[0].choices.map((c: any) => c.scope.codes[0]);
    expect(codes.length).toBeGreaterThan(3);
    expect(codes.every((c: string) => c.startsWith(SIDES.in.townshipCode))).toBe(true);
    // A volunteer (issue 18) is invited for the township itself, as approving a sign-up binds them.
    expect(o.roles[1].choices.map((c: any) => c.scope.codes)).toEqual([[SIDES.in.townshipCode]]);
    expect(ok(await call<any>('inviteOptions', {}, officer)).roles).toEqual([]);
  });

  test('from the child file: the family roles and the family on file; another village’s child is refused', async () => {
    const o = ok(await call<any>('familyInviteOptions', { childId: SIDES.in.childId }, officer));
    expect(o.child).toMatchObject({ childId: SIDES.in.childId, name: '林小雨' });
    expect(o.child.suggestions).toEqual([
      { role: 'parent', relation: '父亲', name: '陈建国' },
      { role: 'parent', relation: '母亲', name: '李秀兰' },
      { role: 'entrustedGuardian', relation: '祖母', name: '陈桂芳' },
    ]);
    expect(o.roles.map((r: any) => r.role)).toEqual(['parent', 'entrustedGuardian', 'pairingMember']);
    expect(o.roles[2].pairingKinds.map((k: any) => k.label)).toEqual(['村干部', '网格员', '志愿者', '邻居']);
    expect(await call('familyInviteOptions', { childId: SIDES.near.childId }, officer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('the invitation card', () => {
  test('a code accepted by someone other than the named invitee: the issuer is told who, masked, and how to undo it', async () => {
    const created = ok(await call<any>('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '李明远', requestId: rid() }, township));
    const stranger = await makePersona(t.app, 'parent'); // an existing user, named 测试人员
    const { bindingId } = ok(await call<any>('acceptInvitation', { code: created.code }, stranger));
    const told = ((await t.app.database().collection('notifications').where({ 'to.personId': township.personId, kind: 'accounts.invitationAccepted' }).get()).data as any[]).filter((n) => n.ref?.id === bindingId);
    expect(told).toHaveLength(1);
    expect(told[0].title).toBe('邀请被他人接受');
    expect(told[0].body).toContain('接受人：测**员（村留守儿童保护专干），与发放时填写的受邀人（李*远）不是同一人');
    expect(told[0].body).toContain('“人员与邀请”中撤销');
    expect(told[0].body).not.toMatch(/测试人员|李明远/);
  });

  test('a card with the mini-program code of the accept page, the code, the share path; shown again by the issuer only', async () => {
    const created = ok(
      await call<any>('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '王芳', inviteePhone: '138 1234 5678', requestId: rid() }, township),
    );
    expect(created.card).toMatchObject({ roleLabel: '村留守儿童保护专干', inviteeName: '王芳', sharePath: `packageAccount/pages/accept/index?code=${created.code}` });
    expect(created.card.scopeText).not.toMatch(/\d{6}/);
    expect(created.card.miniCode).toMatch(/^data:image\/png;base64,/);
    // The stand-in drew the code of the accept page with the invitation code as its scene.
    const wx = (await (await fetch(`${t.stack.standinUrl}/__admin/wx-calls`)).json()) as { calls: any[] };
    const drawn = wx.calls.filter((c) => c.apiName === '/wxa/getwxacodeunlimit');
    expect(drawn[drawn.length - 1].requestData).toMatchObject({ scene: created.code, page: 'packageAccount/pages/accept/index', check_path: false });

    const again = ok(await call<any>('invitationCard', { invitationId: created.invitationId }, township));
    expect(again.code).toBe(created.code);
    // Someone else in the same township may not.
    const other = await makePersona(t.app, 'townshipStaff');
    expect(await call('invitationCard', { invitationId: created.invitationId }, other)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('发放人') } });

    // Accepted: the issuer is told in 消息, and the card can no longer be shown.
    ok(await call('acceptInvitation', { code: created.code }, { openid: 'o-wangfang' }));
    const told = ((await t.app.database().collection('notifications').where({ 'to.personId': township.personId, kind: 'accounts.invitationAccepted' }).get()).data as any[]).filter((n) => n._id === `invitationAccepted:${created.invitationId}`);
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('村留守儿童保护专干');
    // Who accepted, by a masked name; the named invitee did, so no warning.
    expect(told[0].body).toContain('接受人：王*（村留守儿童保护专干）');
    expect(told[0]).toMatchObject({ title: '邀请已被接受' });
    expect(told[0].body).not.toContain('王芳');
    expect(told[0].body).not.toContain('不是同一人');
    expect(await call('invitationCard', { invitationId: created.invitationId }, township)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已被使用') } });

    // The staff lists read in words.
    const people = ok(await call<any>('listBindings', {}, township)).bindings;
    expect(people.find((b: any) => b.personName === '王芳')).toMatchObject({ roleLabel: '村留守儿童保护专干', scopeText: expect.not.stringMatching(/^\d+$/) });
    const invs = ok(await call<any>('listInvitations', {}, township)).invitations;
    expect(invs.find((i: any) => i.invitationId === created.invitationId)).toMatchObject({ status: 'accepted', scopeText: created.card.scopeText });
  });

  test('a family card names the child masked and its village', async () => {
    const created = ok(await call<any>('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId: rid() }, officer));
    expect(created.card.scopeText).toMatch(/^林\*雨/);
  });
});

describe('bad input: refused with why, nothing half-written', () => {
  test('inviting above one’s level or outside one’s scope says which', async () => {
    const before = await counts();
    const above = await call('createInvitation', { role: 'townshipStaff', scope: { kind: 'region', codes: [SIDES.in.townshipCode] }, inviteeName: '某某', requestId: rid() }, township);
    expect(above).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '您不能邀请乡镇工作人员：只有县民政局管理员可以邀请', details: { reason: 'ROLE_NOT_ISSUABLE' } } });
    const outside = await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.near.villageCode] }, inviteeName: '某某', requestId: rid() }, township);
    expect(outside).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'SCOPE_OUTSIDE' } } });
    expect((outside as any).error.message).toMatch(/不在您的管辖范围（.+）内/);
    const badName = await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '王芳123', requestId: rid() }, township);
    expect(badName).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('受邀人姓名') } });
    const badPhone = await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '王芳', inviteePhone: '12345', requestId: rid() }, township);
    expect(badPhone).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('受邀人电话') } });
    expect(await counts()).toEqual(before);
  });

  test('expired, revoked and used codes: each says why, and accepting leaves nothing behind', async () => {
    const make = async () => ok(await call<any>('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', ttlDays: 3, requestId: rid() }, officer));
    const expired = await make();
    const revoked = await make();
    const used = await make();
    ok(await call('revokeInvitation', { invitationId: revoked.invitationId }, officer));
    ok(await call('acceptInvitation', { code: used.code }, { openid: 'o-first-taker' }));
    t.clock.set(new Date('2026-03-06T02:00:00Z'));
    const before = await counts();
    const who = { openid: 'o-late-parent' };
    expect(await call('acceptInvitation', { code: expired.code }, who)).toMatchObject({ ok: false, error: { code: 'INVITATION_EXPIRED', message: '邀请码已过期，请联系发放人重新生成' } });
    expect(await call('acceptInvitation', { code: revoked.code }, who)).toMatchObject({ ok: false, error: { code: 'INVITATION_REVOKED', message: '邀请码已被撤销' } });
    expect(await call('acceptInvitation', { code: used.code }, who)).toMatchObject({ ok: false, error: { code: 'INVITATION_USED', message: '邀请码已被使用' } });
    expect(await counts()).toEqual(before);
    expect(ok(await call<any>('me', {}, who)).roles).toEqual([]);
    // The issuer sees each as it is.
    const list = ok(await call<any>('listInvitations', {}, officer)).invitations;
    const status = (id: string) => list.find((i: any) => i.invitationId === id).status;
    expect([status(expired.invitationId), status(revoked.invitationId), status(used.invitationId)]).toEqual(['expired', 'revoked', 'accepted']);
    expect(await call('invitationCard', { invitationId: expired.invitationId }, officer)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('已过期') } });
  });

  test('an invitation made out to one person cannot bind a WeChat already bound to someone else', async () => {
    await insert(t.app, C.children, { ...childDoc(SIDES.in, 7, 'w-child-in-2') });
    const other = await makePersona(t.app, 'parent');
    const target = ok(await call<any>('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: ['w-child-in-2'] }, personId: officer.personId, inviteeName: '陈建国', requestId: rid() }, officer));
    const before = await counts();
    expect(await call('acceptInvitation', { code: target.code }, other)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '此微信已绑定其他人员，不能接受为他人发放的邀请码' } });
    expect(await counts()).toEqual(before);
  });
});
