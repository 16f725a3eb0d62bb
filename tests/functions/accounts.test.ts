/**
 * accounts: bootstrap, invitations (issue, accept, reuse, revoke, wrong scope, guessing limits),
 * bindings, audited reads, consent, corrections and erasure — through the real stack.
 */
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { ensureSetupCode } from '../../local/bootstrap';
import { startTestStack, type TestStack } from '../helpers/stack';
import { CHILD_SECRETS, SIDES, childDoc, insert, makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

// Invitations now draw their card (a mini-program code through the WeChat stand-in): several
// invocations per test on a shared machine.
jest.setTimeout(60_000);

let t: TestStack;
let admin: string;

async function call<T = any>(action: string, data: unknown, openid?: string): Promise<Envelope<T>> {
  return t.call<T>('accounts', action, data, openid ? { openid } : {});
}
function data<T>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
function code(r: Envelope<unknown>): string | undefined {
  return r.ok ? undefined : r.error.code;
}
async function auditEntries(where: Record<string, unknown>): Promise<any[]> {
  const res = await t.app.database().collection(C.auditLog).where(where).limit(1000).get();
  return res.data;
}
let seq = 0;
const rid = () => `req-${Date.now()}-${seq++}`;

beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts'] });
  useStackKey(t);
  await seedWorld(t.app);
}, 120_000);
afterAll(async () => t?.stop());

describe('bootstrap', () => {
  test('a setup code makes the first county admin, and stops working once one exists', async () => {
    const setup = await ensureSetupCode(t.app, { countyCode: '341721', now: t.clock.now() });
    expect(setup?.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{6}$/);
    // Re-shown, not re-issued, while still valid.
    expect((await ensureSetupCode(t.app, { countyCode: '341721', now: t.clock.now() }))?.code).toBe(setup!.code);
    admin = 'o-first-admin';
    const accepted = data(await call('acceptInvitation', { code: setup!.code }, admin));
    expect(accepted.role).toBe('countyAdmin');
    const me = data(await call('me', {}, admin));
    expect(me.roles).toEqual([expect.objectContaining({ role: 'countyAdmin', scope: { kind: 'region', codes: ['341721'] } })]);
    expect(await ensureSetupCode(t.app, { countyCode: '341721', now: t.clock.now() })).toBeUndefined();
  });
});

describe('invitations', () => {
  let officer: string;

  test('admin invites a village officer; the invitee accepts (typed in lower case, without dash)', async () => {
    const inv = data(
      await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '王晓明', inviteePhone: '13812345678', requestId: rid() }, admin),
    );
    expect(inv.qrImage).toMatch(/^data:image\/png;base64,/);
    expect(inv.qrText).toBe(inv.code);
    officer = 'o-officer-1';
    const typed = inv.code.replace('-', '').toLowerCase();
    const b = data(await call('acceptInvitation', { code: typed }, officer));
    expect(b).toMatchObject({ role: 'villageOfficer', alreadyAccepted: false });
    const me = data(await call('me', {}, officer));
    expect(me.name).toBe('王晓明');
    expect(me.phone).toBe('13812345678'); // own record in full
    expect(me.roles.map((r: any) => r.role)).toEqual(['villageOfficer']);
    // Their own upload folder: a keyed pseudonym (not the openid), different for each person.
    expect(me.uploadFolder).toMatch(/^[0-9a-f]{20}$/);
    expect(me.uploadFolder).not.toBe(data(await call('me', {}, admin)).uploadFolder);
    // The binding is audited.
    expect(await auditEntries({ op: 'binding', 'target.id': b.bindingId })).toHaveLength(1);
  });

  test('a used code cannot be used by someone else; the same user retrying is told it is done', async () => {
    const inv = data(await call('createInvitation', { role: 'entrustedGuardian', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '刘桂兰', requestId: rid() }, officer));
    data(await call('acceptInvitation', { code: inv.code }, 'o-grandma-1'));
    expect(code(await call('acceptInvitation', { code: inv.code }, 'o-someone-else'))).toBe('INVITATION_USED');
    expect(data(await call('acceptInvitation', { code: inv.code }, 'o-grandma-1')).alreadyAccepted).toBe(true);
  });

  test('creation is idempotent per request id', async () => {
    const requestId = rid();
    const input = { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId };
    const a = data(await call('createInvitation', input, officer));
    const b = data(await call('createInvitation', input, officer));
    expect(b.invitationId).toBe(a.invitationId);
    expect(b.code).toBe(a.code);
  });

  test('a revoked code is refused, and the list shows it revoked', async () => {
    const inv = data(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId: rid() }, officer));
    data(await call('revokeInvitation', { invitationId: inv.invitationId }, officer));
    expect(code(await call('acceptInvitation', { code: inv.code }, 'o-parent-x'))).toBe('INVITATION_REVOKED');
    const list = data(await call('listInvitations', { status: 'revoked' }, officer));
    expect(list.invitations.map((i: any) => i.invitationId)).toContain(inv.invitationId);
    expect(code(await call('revokeInvitation', { invitationId: inv.invitationId }, officer))).toBe('CONFLICT');
  });

  test('issuers cannot grant outside their own scope or above their level', async () => {
    // A child in another village.
    expect(code(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.near.childId] }, inviteeName: '某某', requestId: rid() }, officer))).toBe('FORBIDDEN');
    // A role a village officer may not grant.
    expect(code(await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '某某', requestId: rid() }, officer))).toBe('FORBIDDEN');
    // Township staff of one township cannot appoint officers in another.
    const ts = await makePersona(t.app, 'townshipStaff', SIDES.in);
    expect(code(await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.near.villageCode] }, inviteeName: '某某', requestId: rid() }, ts.openid))).toBe('FORBIDDEN');
    expect(data(await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '某某', requestId: rid() }, ts.openid)).code).toBeTruthy();
    // Police are scoped by townships only.
    expect(code(await call('createInvitation', { role: 'police', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '某某', requestId: rid() }, admin))).toBe('VALIDATION_FAILED');
    expect(code(await call('createInvitation', { role: 'police', scope: { kind: 'region', codes: [SIDES.in.townshipCode, SIDES.near.townshipCode] }, inviteeName: '某某', requestId: rid() }, admin))).toBeUndefined();
    // The county admin of 341721 cannot appoint staff in 341722.
    expect(code(await call('createInvitation', { role: 'townshipStaff', scope: { kind: 'region', codes: [SIDES.far.townshipCode] }, inviteeName: '某某', requestId: rid() }, admin))).toBe('FORBIDDEN');
    // An invitation for a child that does not exist.
    expect(code(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: ['no-such-child'] }, inviteeName: '某某', requestId: rid() }, officer))).toBe('NOT_FOUND');
  });

  test('guessing: 5 failures per openid per 10 minutes, then even a right code waits', async () => {
    const inv = data(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId: rid() }, officer));
    const guesser = 'o-guesser-1';
    for (let i = 0; i < 5; i++) expect(code(await call('acceptInvitation', { code: `ZZZZ-ZZZZZ${'23456'[i]}` }, guesser))).toBe('INVITATION_INVALID');
    expect(code(await call('acceptInvitation', { code: inv.code }, guesser))).toBe('RATE_LIMITED');
    // Other users are not affected.
    expect(code(await call('acceptInvitation', { code: 'ZZZZ-ZZZZZZ' }, 'o-guesser-2'))).toBe('INVITATION_INVALID');
    t.clock.offset(11 * 60 * 1000);
    try {
      expect(data(await call('acceptInvitation', { code: inv.code }, guesser)).role).toBe('parent');
    } finally {
      t.clock.reset();
    }
  });

  test('a code locks after 10 wrong secrets, whoever tries them', async () => {
    const inv = data(await call('createInvitation', { role: 'parent', scope: { kind: 'children', childIds: [SIDES.in.childId] }, inviteeName: '陈建国', requestId: rid() }, officer));
    const [handle, secret] = inv.code.split('-');
    const wrong = (i: number) => `${handle}-${secret.slice(0, 4)}${'23456789AB'[i]}${secret[5] === 'Z' ? 'Y' : 'Z'}`;
    for (let i = 0; i < 10; i++) expect(code(await call('acceptInvitation', { code: wrong(i) }, `o-attacker-${i}`))).toBe('INVITATION_INVALID');
    expect(code(await call('acceptInvitation', { code: inv.code }, 'o-real-parent'))).toBe('INVITATION_LOCKED');
  });

  test('revoking a binding removes the access at once', async () => {
    const inv = data(await call('createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [SIDES.in.villageCode] }, inviteeName: '临时专干', requestId: rid() }, admin));
    const temp = 'o-officer-temp';
    const b = data(await call('acceptInvitation', { code: inv.code }, temp));
    expect(code(await call('listInvitations', {}, temp))).toBeUndefined();
    // The officer cannot revoke a peer; the admin can.
    expect(code(await call('revokeBinding', { bindingId: b.bindingId, reason: '测试撤销权限' }, officer))).toBe('FORBIDDEN');
    data(await call('revokeBinding', { bindingId: b.bindingId, reason: '人员调离岗位' }, admin));
    expect(code(await call('listInvitations', {}, temp))).toBe('FORBIDDEN');
    const entries = await auditEntries({ op: 'binding', 'target.id': b.bindingId });
    expect(entries.map((e) => e.action).sort()).toEqual(['accounts.acceptInvitation', 'accounts.revokeBinding']);
  });

  test('switchRole only switches to a role one holds', async () => {
    expect(code(await call('switchRole', { role: 'countyAdmin' }, officer))).toBe('FORBIDDEN');
    expect(data(await call('switchRole', { role: 'villageOfficer' }, officer)).activeRole).toBe('villageOfficer');
  });

  test('no identity, no access', async () => {
    expect(code(await call('me', {}))).toBe('UNAUTHENTICATED');
    expect(code(await call('consentText', {}))).toBeUndefined();
  });
});

describe('reading a child file is audited and masked', () => {
  let officer: Persona;
  let guardian: Persona;
  beforeAll(async () => {
    officer = await makePersona(t.app, 'villageOfficer', SIDES.in);
    guardian = await makePersona(t.app, 'entrustedGuardian', SIDES.in);
  });

  test('revealing a full value needs a role allowed by the masking table, and leaves an entry with the reason', async () => {
    const r = data(await call('revealChildField', { childId: SIDES.in.childId, path: 'idNumber', reason: '核实身份办理低保' }, officer.openid));
    expect(r.value).toBe(CHILD_SECRETS.idNumber(1));
    const entries = await auditEntries({ op: 'reveal', 'actor.personId': officer.personId });
    expect(entries).toEqual([
      expect.objectContaining({ action: 'accounts.revealChildField', role: 'villageOfficer', target: { kind: 'child', id: SIDES.in.childId }, reason: '核实身份办理低保', fields: ['idNumber'] }),
    ]);
    // child.idNumber is "masked" for entrusted guardians: never in full.
    expect(code(await call('revealChildField', { childId: SIDES.in.childId, path: 'idNumber', reason: '想看一下号码' }, guardian.openid))).toBe('FORBIDDEN');
    // guardian.phone is "full" for them.
    expect(data(await call('revealChildField', { childId: SIDES.in.childId, path: 'guardians.0.phone', reason: '核对电话号码' }, guardian.openid)).value).toBe(CHILD_SECRETS.guardianPhone(1));
  });

  test('who viewed this child lists the reads, with roles', async () => {
    const r = data(await call('whoViewedChild', { childId: SIDES.in.childId }, guardian.openid));
    expect(r.entries.length).toBeGreaterThanOrEqual(2);
    expect(r.entries.map((e: any) => e.role)).toEqual(expect.arrayContaining(['villageOfficer', 'entrustedGuardian']));
    expect(r.entries[0].at >= r.entries[r.entries.length - 1].at).toBe(true);
  });

  test('an audit query is one entry, however many rows it returns', async () => {
    const before = (await auditEntries({ op: 'search', action: 'accounts.queryAuditLog' })).length;
    const r = data(await call('queryAuditLog', { childId: SIDES.in.childId }, admin));
    expect(r.entries.length).toBeGreaterThanOrEqual(2);
    const after = await auditEntries({ op: 'search', action: 'accounts.queryAuditLog' });
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1].count).toBe(r.entries.length);
    // Who, in words: the actor's name and the role's Chinese name.
    const byPerson = r.entries.find((e: any) => e.actor.personId);
    expect(byPerson.actorName).toEqual(expect.any(String));
    expect(byPerson.roleLabel).toMatch(/^[\u4e00-\u9fff（）]+$/);
  });
});

describe('consent, corrections, erasure', () => {
  let parent: Persona;
  let officer: Persona;
  const childId = 'erase-me-child';
  beforeAll(async () => {
    await insert(t.app, C.children, childDoc(SIDES.in, 7, childId));
    parent = await makePersona(t.app, 'parent', SIDES.in, { scope: { kind: 'children', childIds: [childId] } });
    officer = await makePersona(t.app, 'villageOfficer', SIDES.in);
  });

  test('a guardian records consent against the current text version', async () => {
    const text = data(await call('consentText', {}, parent.openid));
    expect(code(await call('recordConsent', { childId, decision: 'given', textVersion: 'old', requestId: rid() }, parent.openid))).toBe('VALIDATION_FAILED');
    data(await call('recordConsent', { childId, decision: 'given', textVersion: text.version, requestId: rid() }, parent.openid));
    const child = (await t.app.database().collection(C.children).doc(childId).get()).data[0];
    expect(child.consent).toMatchObject({ status: 'given', version: text.version, byPersonId: parent.personId });
    // An officer recording a paper form must name the guardian: told in words which field.
    const unnamed = await call('recordConsent', { childId, decision: 'given', textVersion: text.version, requestId: rid() }, officer.openid);
    expect(unnamed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: { issues: [{ path: 'signedBy', label: '签字的监护人' }] } } });
    expect((unnamed as { error: { message: string } }).error.message).not.toMatch(/[A-Za-z]/);
    // … by their place on the file (the paper form the mother signed).
    data(await call('recordConsent', { childId, decision: 'given', textVersion: text.version, signedBy: 'mother', requestId: rid() }, officer.openid));
    const after = (await t.app.database().collection(C.children).doc(childId).get()).data[0];
    expect(after.consent).toMatchObject({ status: 'given', byParty: 'mother' });
    expect(after.consent.byPersonId).toBeUndefined();
    const stored = (await t.app.database().collection(C.consents).where({ childId, givenByParty: 'mother' }).get()).data;
    expect(stored).toEqual([expect.objectContaining({ method: 'paper', recordedBy: officer.personId, recordedRole: 'villageOfficer' })]);
  });

  test('a parent requests a correction; the officer sees the proposed value and resolves it', async () => {
    const req = data(await call('requestCorrection', { childId, kind: 'correct', field: '监护人电话', proposedValue: '13911112222', requestId: rid() }, parent.openid));
    const list = data(await call('listCorrections', { status: 'open' }, officer.openid));
    expect(list.corrections).toEqual(expect.arrayContaining([expect.objectContaining({ correctionId: req.correctionId, proposedValue: '13911112222' })]));
    // The officer sees whose file it is, by name.
    const row = list.corrections.find((c: any) => c.correctionId === req.correctionId);
    const stored = (await t.app.database().collection(C.children).doc(childId).get()).data[0];
    expect(row.childName).toBe(stored.name);
    data(await call('resolveCorrection', { correctionId: req.correctionId, decision: 'done', resolution: '已更正' }, officer.openid));
    expect(code(await call('resolveCorrection', { correctionId: req.correctionId, decision: 'done', resolution: '已更正' }, officer.openid))).toBe('CONFLICT');
  });

  test('erasure clears the file and its history, keeps a tombstone, and audit entries hold only ids', async () => {
    await insert(t.app, C.childHistory, { childId, at: new Date(), data: { name: '林小雨', idNumber: childDoc(SIDES.in, 7, childId).idNumber } });
    expect(code(await call('eraseChildData', { childId, reason: '监护人申请删除' }, officer.openid))).toBe('FORBIDDEN');
    data(await call('eraseChildData', { childId, reason: '监护人申请删除，已核实' }, admin));
    const child = (await t.app.database().collection(C.children).doc(childId).get()).data[0];
    expect(Object.keys(child).sort()).toEqual(['_id', 'erased', 'townshipCode', 'villageCode']);
    const history = (await t.app.database().collection(C.childHistory).where({ childId }).get()).data;
    expect(history.every((h: any) => h.data === undefined && h.erased === true)).toBe(true);
    // The parent's relationship to the erased child ends.
    expect(code(await call('whoViewedChild', { childId }, parent.openid))).toBe('FORBIDDEN');
    const entries = await auditEntries({ 'target.id': childId });
    expect(entries.length).toBeGreaterThan(0);
    const allowed = ['_id', 'at', 'action', 'op', 'actor', 'role', 'target', 'regionCode', 'reason', 'refs', 'fields', 'count', 'breakGlass'];
    for (const e of entries) expect(Object.keys(e).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(JSON.stringify(entries)).not.toContain('林小雨');
  });
});
