/**
 * Care work through the real functions: immediate reports (reach township staff and police,
 * idempotent, acknowledged, closed only with a supervisor's sign-off), 1+1+1 pairings (access
 * follows the pairing, coverage matches the pairings), visits (idempotent, location only for
 * staff) and a moved child's plan following them to the new village's officer.
 */
import { acceptSubscription } from '../helpers/subscribe';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';
import { makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';
import { OTHER_VILLAGE, SIDES, addChild, careCall, code, data, notificationsOf, pairingMember, rid, villageOfficerOf } from './care-helpers';

let t: TestStack;
const T0 = new Date('2025-03-10T02:00:00Z'); // 10:00 Beijing time

beforeAll(async () => {
  t = await startTestStack({ functions: ['care', 'inbox'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
  useStackKey(t);
  await seedWorld(t.app);
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(() => t.clock.set(T0));

describe('immediate reports', () => {
  let officer: Persona;
  let staff: Persona;
  let supervisor: Persona;
  let police: Persona;
  let farPolice: Persona;
  let teacher: Persona;
  const childId = 'care-report-child';

  beforeAll(async () => {
    await addChild(t, childId);
    officer = await makePersona(t.app, 'villageOfficer');
    staff = await makePersona(t.app, 'townshipStaff');
    supervisor = await makePersona(t.app, 'townshipStaff', SIDES.in, { supervisor: true });
    police = await makePersona(t.app, 'police');
    farPolice = await makePersona(t.app, 'police', SIDES.near);
    teacher = await makePersona(t.app, 'teacher');
    for (const p of [staff, supervisor, police, farPolice]) await acceptSubscription(t, p.openid, 'reportToHandle', 5);
  });

  test('a missing-child report reaches the township staff and police of that township at once, in the app and by subscribe message', async () => {
    const before = t.wechat.admin.state().messages.length;
    const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'missing', childId, note: '孩子放学后未回家，电话联系不上' }, officer));
    expect(r).toMatchObject({ duplicate: false, status: 'open' });
    // Missing: acknowledge within 1 hour (county default).
    expect(new Date(r.ackDueAt).getTime() - T0.getTime()).toBe(3600_000);
    for (const p of [staff, supervisor, police]) {
      const inApp = await notificationsOf(t, p.personId!, 'care.report');
      expect(inApp.filter((x) => x.ref.id === r.reportId)).toHaveLength(1);
      expect(inApp.find((x) => x.ref.id === r.reportId).push.status).toBe('sent');
    }
    // Police of another township hear nothing.
    expect((await notificationsOf(t, farPolice.personId!, 'care.report')).filter((x) => x.ref.id === r.reportId)).toHaveLength(0);
    const sent = t.wechat.admin.state().messages.slice(before);
    expect(sent.map((m) => m.touser).sort()).toEqual([staff.openid, supervisor.openid, police.openid].sort());
    expect(JSON.stringify(sent[0].data)).toContain('失踪');

    // It is on their 工作台 and in their list.
    const tasks = data(await careCall(t, 'myTasks', {}, police));
    expect(tasks.reports.map((x: any) => x.reportId)).toContain(r.reportId);
    const list = data(await careCall(t, 'listReports', {}, staff));
    expect(list.reports.map((x: any) => x.reportId)).toContain(r.reportId);
    const elsewhere = data(await careCall(t, 'listReports', {}, farPolice));
    expect(elsewhere.reports.map((x: any) => x.reportId)).not.toContain(r.reportId);
  });

  test('the same client request id submitted twice gives one report and one notification each', async () => {
    const requestId = rid();
    const input = { requestId, kind: 'livingAlone', childId, note: '孩子独自在家已三天' };
    const [a, b] = await Promise.all([careCall(t, 'submitReport', input, officer), careCall(t, 'submitReport', input, officer)]);
    const again = data(await careCall(t, 'submitReport', input, officer));
    expect(data(a).reportId).toBe(data(b).reportId);
    expect(again).toMatchObject({ reportId: data(a).reportId, duplicate: true });
    const mine = data(await careCall(t, 'myReports', {}, officer));
    expect(mine.reports.filter((x: any) => x.reportId === again.reportId)).toHaveLength(1);
    const told = (await notificationsOf(t, staff.personId!, 'care.report')).filter((x) => x.ref.id === again.reportId);
    expect(told).toHaveLength(1);
    // Living alone: 24 hours to acknowledge.
    expect(new Date(again.ackDueAt).getTime() - T0.getTime()).toBe(24 * 3600_000);
  });

  test('a report about a child not yet registered goes to the township of the given village', async () => {
    const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'abuseNeglect', villageCode: SIDES.in.villageCode, childDescription: '村东头约10岁男孩，未见登记', note: '孩子身上多处伤痕' }, teacher));
    const seen = data(await careCall(t, 'getReport', { reportId: r.reportId }, police));
    expect(seen).toMatchObject({ kind: 'abuseNeglect', childId: null, childDescription: '村东头约10岁男孩，未见登记', status: 'open', reporter: { role: 'teacher' } });
    expect(code(await careCall(t, 'submitReport', { requestId: rid(), kind: 'other', note: '情况说明' }, teacher))).toBe('VALIDATION_FAILED');
  });

  test('a teacher cannot report from a file outside their school, and police elsewhere cannot open the report', async () => {
    expect(code(await careCall(t, 'submitReport', { requestId: rid(), kind: 'other', childId: SIDES.near.childId, note: '情况说明' }, teacher))).toBe('FORBIDDEN');
    const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'other', childId, note: '情况说明' }, officer));
    expect(code(await careCall(t, 'getReport', { reportId: r.reportId }, farPolice))).toBe('FORBIDDEN');
    expect(code(await careCall(t, 'acknowledgeReport', { reportId: r.reportId }, officer))).toBe('FORBIDDEN');
  });

  test('acknowledged, acted on, and closed only with the sign-off of township staff holding the supervisor flag', async () => {
    const r = data(await careCall(t, 'submitReport', { requestId: rid(), kind: 'guardianIncapable', childId, note: '奶奶突发脑梗住院' }, officer));
    const ack = data(await careCall(t, 'acknowledgeReport', { reportId: r.reportId }, police));
    expect(ack).toMatchObject({ status: 'acknowledged', alreadyAcknowledged: false, acknowledgedBy: { role: 'police' } });
    expect(data(await careCall(t, 'acknowledgeReport', { reportId: r.reportId }, staff)).alreadyAcknowledged).toBe(true);
    // The reporter is told once that someone has it in hand.
    const handIn = (await notificationsOf(t, officer.personId!, 'care.reportAcknowledged')).filter((x) => x.ref.id === r.reportId);
    expect(handIn).toHaveLength(1);
    expect(handIn[0].body).toContain('派出所民警已确认收到');

    const actionId = rid();
    await careCall(t, 'addReportAction', { reportId: r.reportId, requestId: actionId, text: '已到场核实，联系在外务工的父亲' }, staff);
    const acted = data(await careCall(t, 'addReportAction', { reportId: r.reportId, requestId: actionId, text: '已到场核实，联系在外务工的父亲' }, staff));
    expect(acted.actions).toHaveLength(1);

    const close = { reportId: r.reportId, outcome: 'guardianArranged', note: '父亲已返乡照料孩子' };
    expect(await careCall(t, 'closeReport', close, staff)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect(code(await careCall(t, 'closeReport', close, police))).toBe('FORBIDDEN');
    expect(data(await careCall(t, 'getReport', { reportId: r.reportId }, staff)).status).toBe('acknowledged');

    const closed = data(await careCall(t, 'closeReport', close, supervisor));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'guardianArranged', alreadyClosed: false, signedOffBy: { name: '测试人员' } });
    expect(code(await careCall(t, 'addReportAction', { reportId: r.reportId, requestId: rid(), text: '补充记录' }, staff))).toBe('CONFLICT');
    // The reporter learns the outcome.
    const mine = data(await careCall(t, 'myReports', {}, officer));
    expect(mine.reports.find((x: any) => x.reportId === r.reportId)).toMatchObject({ status: 'closed', outcome: 'guardianArranged' });
    expect((await notificationsOf(t, officer.personId!, 'care.reportClosed')).filter((x) => x.ref.id === r.reportId)).toHaveLength(1);
    // No longer on anyone's 工作台.
    const tasks = data(await careCall(t, 'myTasks', {}, staff));
    expect(tasks.reports.map((x: any) => x.reportId)).not.toContain(r.reportId);
  });
});

describe('1+1+1 pairings', () => {
  const focusA = 'care-pair-a';
  const focusB = 'care-pair-b';
  const regular = 'care-pair-regular';
  let officer: Persona;
  let cadre: Persona;
  let volunteer: Persona;
  let neighbour: Persona;
  let otherNeighbour: Persona;

  beforeAll(async () => {
    await addChild(t, focusA, { name: '周小安' });
    await addChild(t, focusB, { name: '吴小乐' });
    await addChild(t, regular, { level: 'regular' });
    officer = await makePersona(t.app, 'villageOfficer');
    cadre = await pairingMember(t, 'cadre');
    volunteer = await pairingMember(t, 'volunteer');
    neighbour = await pairingMember(t, 'neighbour');
    otherNeighbour = await pairingMember(t, 'neighbour');
  });

  async function coverage(regionCode: string) {
    return data(await careCall(t, 'pairingCoverage', { regionCode }, officer));
  }

  test('a complete triad counts in coverage; members gain access to the child; removing one takes it away', async () => {
    const before = await coverage(SIDES.in.villageCode);
    const baseFocus = before.total.focusChildren;
    const baseComplete = before.total.complete;

    // Before pairing, the neighbour cannot open the child's visits.
    expect(code(await careCall(t, 'listVisits', { childId: focusA }, neighbour))).toBe('FORBIDDEN');
    expect(code(await careCall(t, 'setPairingMember', { childId: focusA, slot: 'helper', personId: neighbour.personId }, officer))).toBe('PAIRING_MEMBER_NOT_FOUND');

    await careCall(t, 'setPairingMember', { childId: focusA, slot: 'cadre', personId: cadre.personId }, officer);
    await careCall(t, 'setPairingMember', { childId: focusA, slot: 'helper', personId: volunteer.personId }, officer);
    let mid = await coverage(SIDES.in.villageCode);
    expect(mid.total).toMatchObject({ focusChildren: baseFocus, complete: baseComplete });
    expect(mid.incomplete.find((x: any) => x.childId === focusA).missing).toEqual(['neighbour']);

    const p = data(await careCall(t, 'setPairingMember', { childId: focusA, slot: 'neighbour', personId: neighbour.personId }, officer));
    expect(p.complete).toBe(true);
    expect(p.members.map((m: any) => m.kind)).toEqual(['cadre', 'volunteer', 'neighbour']);
    mid = await coverage(SIDES.in.villageCode);
    expect(mid.total).toMatchObject({ focusChildren: baseFocus, complete: baseComplete + 1 });
    // The regular child is not a focus child: not counted.
    expect(mid.incomplete.map((x: any) => x.childId)).not.toContain(regular);

    // The township figure includes the village's.
    const town = data(await careCall(t, 'pairingCoverage', { regionCode: SIDES.in.townshipCode }, await makePersona(t.app, 'townshipStaff')));
    const villageRow = town.rows.find((r: any) => r.regionCode === SIDES.in.villageCode);
    expect(villageRow).toMatchObject({ focusChildren: mid.total.focusChildren, complete: mid.total.complete });
    expect(town.total.complete).toBe(town.rows.reduce((s: number, r: any) => s + r.complete, 0));

    // Now the neighbour reaches the child and logs care; the pairing view shows it by kind.
    expect(data(await careCall(t, 'listVisits', { childId: focusA }, neighbour)).visits).toEqual([]);
    const logged = data(await careCall(t, 'logCareActivity', { childId: focusA, requestId: rid(), kind: 'emotion', date: '2025-03-09', note: '陪孩子给妈妈打视频电话' }, neighbour));
    expect(logged.duplicate).toBe(false);
    const view = data(await careCall(t, 'getPairing', { childId: focusA }, volunteer));
    expect(view.counts).toMatchObject({ emotion: 1, life: 0 });
    expect(view.activities[0]).toMatchObject({ kind: 'emotion', by: { personId: neighbour.personId } });
    const mine = data(await careCall(t, 'myPairings', {}, neighbour));
    expect(mine.children).toEqual([expect.objectContaining({ childId: focusA, slot: 'neighbour', complete: true, lastCareOn: '2025-03-09' })]);

    // Replacing the neighbour: the old one loses access, coverage stays complete.
    await careCall(t, 'setPairingMember', { childId: focusA, slot: 'neighbour', personId: otherNeighbour.personId }, officer);
    expect(code(await careCall(t, 'listVisits', { childId: focusA }, neighbour))).toBe('FORBIDDEN');
    expect(code(await careCall(t, 'listVisits', { childId: focusA }, otherNeighbour))).toBeUndefined();
    expect((await coverage(SIDES.in.villageCode)).total.complete).toBe(baseComplete + 1);

    // Emptying a place makes the triad incomplete again.
    await careCall(t, 'removePairingMember', { childId: focusA, slot: 'cadre' }, officer);
    const after = await coverage(SIDES.in.villageCode);
    expect(after.total.complete).toBe(baseComplete);
    expect(code(await careCall(t, 'listVisits', { childId: focusA }, cadre))).toBe('FORBIDDEN');
  });

  test('coverage of a region outside the caller’s scope is refused', async () => {
    expect(code(await careCall(t, 'pairingCoverage', { regionCode: SIDES.near.villageCode }, officer))).toBe('FORBIDDEN');
    expect(code(await careCall(t, 'setPairingMember', { childId: SIDES.near.childId, slot: 'cadre', personId: cadre.personId }, officer))).toBe('FORBIDDEN');
  });
});

describe('visits', () => {
  const childId = 'care-visit-child';
  let officer: Persona;
  let parent: Persona;

  beforeAll(async () => {
    await addChild(t, childId, { level: 'attention', createdAt: new Date('2025-01-05T03:00:00Z') });
    officer = await makePersona(t.app, 'villageOfficer');
    parent = await makePersona(t.app, 'parent', SIDES.in, { scope: { kind: 'children', childIds: [childId] } });
  });

  test('a visit is recorded once per request id, moves the plan, and its location is shown only to staff', async () => {
    const before = data(await careCall(t, 'listVisits', { childId }, officer));
    // Never visited: due an interval (attention: 60 days) after the file was created (5 Jan).
    expect(before.plan).toMatchObject({ riskLevel: 'attention', intervalDays: 60, dueOn: '2025-03-06', status: 'overdue', daysOverdue: 4 });

    const input = {
      childId,
      requestId: rid('visit'),
      date: '2025-03-10',
      kind: 'home',
      findings: { health: '身体健康', guardianship: '爷爷奶奶照料，饮食正常', schooling: '按时上学' },
      location: { latitude: 30.1, longitude: 117.02, consent: true },
    };
    const first = data(await careCall(t, 'recordVisit', input, officer));
    const again = data(await careCall(t, 'recordVisit', input, officer));
    expect(again).toMatchObject({ visitId: first.visitId, duplicate: true });
    expect(first.plan).toMatchObject({ lastVisitOn: '2025-03-10', dueOn: '2025-05-09', status: 'upcoming' });

    const staffView = data(await careCall(t, 'listVisits', { childId }, officer));
    expect(staffView.visits).toHaveLength(1);
    expect(staffView.visits[0]).toMatchObject({ kind: 'home', findings: input.findings, location: { latitude: 30.1, longitude: 117.02 } });
    const parentView = data(await careCall(t, 'listVisits', { childId }, parent));
    expect(parentView.visits[0].findings).toEqual(input.findings);
    expect(parentView.visits[0].location).toBeUndefined();
  });

  test('bad visits are refused with the field named', async () => {
    const base = { childId, requestId: rid('visit'), date: '2025-03-11', kind: 'home', findings: { health: '良好' } };
    expect(await careCall(t, 'recordVisit', base, officer)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('走访日期：日期不能晚于今天') } });
    expect(code(await careCall(t, 'recordVisit', { ...base, date: '2025-03-09', findings: {} }, officer))).toBe('VALIDATION_FAILED');
    expect(code(await careCall(t, 'recordVisit', { ...base, date: '2025-03-09', location: { latitude: 30, longitude: 117, consent: false } }, officer))).toBe('VALIDATION_FAILED');
    expect(code(await careCall(t, 'recordVisit', { ...base, date: '2025-03-09' }, parent))).toBe('FORBIDDEN');
  });

  test('visit photos: only from slots handed to this visitor for this child, each used by one visit; the history links them', async () => {
    const other = 'care-visit-photo-other';
    await addChild(t, other);
    const second = await makePersona(t.app, 'villageOfficer');
    const slots = (who: Persona, child = childId, count = 1) => careCall(t, 'visitPhotoSlots', { childId: child, count }, who);
    const put = async (cloudPath: string, bytes = 'jpeg') => ((await t.app.uploadFile({ cloudPath, fileContent: Buffer.from(bytes) })) as { fileID: string }).fileID;
    // Handed out only to who may record a visit to the child.
    expect(code(await slots(parent))).toBe('FORBIDDEN');
    expect(code(await slots(await makePersona(t.app, 'villageOfficer', SIDES.near)))).toBe('FORBIDDEN');
    const mine = data(await slots(officer, childId, 2)).slots;
    expect(mine.map((s: any) => s.cloudPath)).toEqual([expect.stringMatching(/^visits\/[0-9a-f]{20}\/[0-9a-f]{24}\.jpg$/), expect.stringMatching(/^visits\/[0-9a-f]{20}\/[0-9a-f]{24}\.jpg$/)]);
    const [a, b] = [await put(mine[0].cloudPath, 'photo-a'), await put(mine[1].cloudPath, 'photo-b')];
    const theirs = await put(data(await slots(second)).slots[0].cloudPath);
    const otherChild = await put(data(await slots(officer, other)).slots[0].cloudPath);
    const loose = await put(`visits/loose-${Date.now()}.jpg`);
    const visit = (photos: string[], requestId = rid('visit')) => careCall(t, 'recordVisit', { childId, requestId, date: '2025-03-10', kind: 'home', findings: { health: '身体健康' }, photos }, officer);
    const count = async () => (await t.app.database().collection('visits').where({ childId }).count()).total;
    const before = await count();
    for (const [photos, expected] of [[[a, theirs], 'UPLOAD_NOT_OWN'], [[loose], 'UPLOAD_NOT_OWN'], [[otherChild], 'UPLOAD_WRONG_SLOT']] as const) {
      const r = await visit([...photos]);
      expect([code(r), (r as any).error?.details?.field]).toEqual([expected, `photos.${photos.length - 1}`]);
      expect((r as any).error.message).toMatch(/^走访照片/);
    }
    expect(await count()).toBe(before);
    const requestId = rid('visit');
    const first = data(await visit([a, b], requestId));
    // A retry of the same visit claims its own slots again; another visit cannot reuse them.
    expect(data(await visit([a, b], requestId))).toMatchObject({ visitId: first.visitId, duplicate: true });
    expect(code(await visit([b]))).toBe('UPLOAD_SLOT_USED');
    const listed = data(await careCall(t, 'listVisits', { childId }, officer)).visits.find((v: any) => v.visitId === first.visitId);
    expect(listed.photos).toEqual([a, b]);
    const shown = await Promise.all(listed.photoUrls.map(async (u: string) => Buffer.from(await (await fetch(u)).arrayBuffer()).toString()));
    expect(shown).toEqual(['photo-a', 'photo-b']);
  });
});

describe('a child who moves village', () => {
  test('their plan and due visit follow them to the new village’s officer', async () => {
    const childId = 'care-moving-child';
    await addChild(t, childId, { level: 'focus' });
    const oldOfficer = await makePersona(t.app, 'villageOfficer');
    const newOfficer = await villageOfficerOf(t, OTHER_VILLAGE);
    await careCall(t, 'recordVisit', { childId, requestId: rid('visit'), date: '2025-02-01', kind: 'phone', findings: { family: '父母在外务工' } }, oldOfficer);

    const dueOld = data(await careCall(t, 'dueVisits', { horizonDays: 0 }, oldOfficer));
    const item = dueOld.items.find((i: any) => i.childId === childId);
    expect(item).toMatchObject({ dueOn: '2025-03-03', status: 'overdue', lastVisitOn: '2025-02-01', villageCode: SIDES.in.villageCode });
    expect(data(await careCall(t, 'dueVisits', { horizonDays: 0 }, newOfficer)).items.map((i: any) => i.childId)).not.toContain(childId);

    // The registry moves the child file (villageCode/townshipCode are the source of truth).
    await t.app.database().collection('children').doc(childId).update({ villageCode: OTHER_VILLAGE, townshipCode: OTHER_VILLAGE.slice(0, 9) });

    expect(data(await careCall(t, 'dueVisits', { horizonDays: 0 }, oldOfficer)).items.map((i: any) => i.childId)).not.toContain(childId);
    const dueNew = data(await careCall(t, 'dueVisits', { horizonDays: 0 }, newOfficer));
    expect(dueNew.items.find((i: any) => i.childId === childId)).toMatchObject({ dueOn: '2025-03-03', status: 'overdue', lastVisitOn: '2025-02-01', villageCode: OTHER_VILLAGE });
    const tasks = data(await careCall(t, 'myTasks', {}, newOfficer));
    expect(tasks.visits.map((v: any) => v.childId)).toContain(childId);
    // The visit history comes along too.
    expect(data(await careCall(t, 'listVisits', { childId }, newOfficer)).visits).toHaveLength(1);
    expect(code(await careCall(t, 'listVisits', { childId }, oldOfficer))).toBe('FORBIDDEN');
  });
});

describe('county settings', () => {
  test('the county admin changes the focus interval; plans follow at once', async () => {
    const admin = await makePersona(t.app, 'countyAdmin');
    const officer = await makePersona(t.app, 'villageOfficer');
    const childId = 'care-settings-child';
    await addChild(t, childId, { level: 'focus' });
    await careCall(t, 'recordVisit', { childId, requestId: rid('visit'), date: '2025-03-01', kind: 'home', findings: { health: '良好' } }, officer);
    expect(data(await careCall(t, 'listVisits', { childId }, officer)).plan.dueOn).toBe('2025-03-31');
    expect(code(await careCall(t, 'updateCareSettings', { visitIntervalDays: { focus: 14 } }, officer))).toBe('FORBIDDEN');
    const s = data(await careCall(t, 'updateCareSettings', { visitIntervalDays: { focus: 14 } }, admin));
    expect(s.visitIntervalDays).toEqual({ focus: 14, attention: 60, regular: 90 });
    expect(data(await careCall(t, 'listVisits', { childId }, officer)).plan.dueOn).toBe('2025-03-15');
    await careCall(t, 'updateCareSettings', { visitIntervalDays: { focus: 30 } }, admin);
  });
});
