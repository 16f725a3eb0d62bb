/**
 * Dropout control (控辍保学, policy §二(三); docs/schools.md), through the deployed functions:
 * - a village officer marks a 10-year-old 辍学 in the registry → a case opens, seen by the
 *   child's school, the township and the county, not by another school or township;
 * - three failed 劝返 attempts (the county's default) escalate: the township staff and the county
 *   admin each get one `schools.dropoutEscalated` entry in 消息; a fourth does not tell them again;
 * - 复学 closes the case and sets the child file's schooling, so the county summary's
 *   就学·义务教育阶段辍学 column goes from 1 to 0 and 小学 up by one;
 * - with nobody bound in the township or county the escalation is recorded unreached and says so;
 * - the schools registry: county admin adds and edits, others may not; a school's report opens a case;
 * - a census import bringing in a 10-year-old marked 辍学 and a 14-year-old 未在校 opens their
 *   cases (the batch's event), seen by the township and county and, once linked, the school; the
 *   daily sweep opens the case of a file whose event never arrived, once however often it runs,
 *   and the scheduler runs it once a day;
 * - a county's cases come a page at a time, open first, with counts over every page;
 * - legal measures: refused before escalation; after it township staff and the county admin record
 *   them (a notice photo through a one-time slot), the school reads them and is told in 消息,
 *   another township sees nothing.
 */
import type { CaseListItem, CaseView, AttemptResult, SchoolView, SchoolsView } from '../../cloudfunctions/_shared/contracts/schools';
import type { SummaryView } from '../../cloudfunctions/_shared/contracts/registry';
import { startTestStack, type TestStack } from '../helpers/stack';
import { SIDES, insert, makePersona, type Persona } from '../helpers/access-world';
import { code, data } from './care-helpers';
import { generateRoster } from '../helpers/census-generator';
import { importRoster } from './registry-helpers';
import { uploadToSlot } from '../helpers/uploads';

jest.setTimeout(180_000);

const IN = SIDES.in;
const NEAR = SIDES.near;
const NOW = new Date('2026-10-12T09:00:00+08:00');

let t: TestStack;
let who: Record<'officer' | 'teacherA' | 'teacherB' | 'staffA' | 'township' | 'townshipB' | 'county', Persona>;

async function seedChild(id: string, birthDate: string, extra: Record<string, unknown> = {}): Promise<void> {
  await insert(t.app, 'children', {
    _id: id,
    name: '林小川',
    birthDate,
    gender: 'male',
    countyCode: IN.countyCode,
    townshipCode: IN.townshipCode,
    villageCode: IN.villageCode,
    schoolId: IN.schoolId,
    schooling: 'primary',
    parentsBothAway: true,
    guardianshipType: 'fair',
    status: 'active',
    version: 1,
    ...extra,
  });
}

const call = <T>(action: string, input: unknown, p: Persona) => t.call<T>('schools', action, input, { openid: p.openid });

async function inboxKinds(p: Persona): Promise<string[]> {
  const rows = (await t.app.database().collection('notifications').where({ recipient: `p:${p.personId}` }).get()).data as { kind: string }[];
  return rows.map((r) => r.kind);
}

async function summaryCell(col: string): Promise<number> {
  const s = data(await t.call<SummaryView>('registry', 'countySummary', { regionCode: IN.countyCode }, { openid: who.county.openid }));
  return s.rows.find((r) => r.regionCode === IN.countyCode)!.cells[col];
}

beforeAll(async () => {
  t = await startTestStack({ functions: ['schools', 'registry', 'scheduler'] });
  t.clock.set(NOW);
  await insert(t.app, 'schools', { _id: IN.schoolId, name: '尧渡中心小学', countyCode: IN.countyCode, townshipCode: IN.townshipCode, regionCode: IN.townshipCode, boarding: true, createdAt: new Date() });
  await insert(t.app, 'schools', { _id: NEAR.schoolId, name: '东流初级中学', countyCode: IN.countyCode, townshipCode: NEAR.townshipCode, regionCode: NEAR.townshipCode, boarding: false, createdAt: new Date() });
  who = {
    officer: await makePersona(t.app, 'villageOfficer', IN),
    teacherA: await makePersona(t.app, 'teacher', IN),
    teacherB: await makePersona(t.app, 'teacher', NEAR),
    staffA: await makePersona(t.app, 'schoolStaff', IN),
    township: await makePersona(t.app, 'townshipStaff', IN),
    townshipB: await makePersona(t.app, 'townshipStaff', NEAR),
    county: await makePersona(t.app, 'countyAdmin', IN),
  };
});
afterAll(() => t?.stop());

describe('a child marked dropped out in the registry', () => {
  let caseId: string;

  test('opens one case seen by the school, the township and the county — not by another school or township', async () => {
    await seedChild('c-drop-1', '2016-03-01');
    expect(await summaryCell('schooling:droppedOut')).toBe(0);
    const primaryBefore = await summaryCell('schooling:primary');
    const edit = await t.call('registry', 'updateChild', { childId: 'c-drop-1', changes: { schooling: 'droppedOut' }, reason: '入户核实：开学未到校' }, { openid: who.officer.openid });
    expect(edit.ok).toBe(true);
    expect(await summaryCell('schooling:droppedOut')).toBe(1);

    const school = data(await call<{ cases: CaseListItem[] }>('listCases', { schoolId: IN.schoolId }, who.teacherA));
    expect(school.cases.map((c) => [c.childName, c.status, c.kind, c.openedOn])).toEqual([['林小川', 'open', 'droppedOut', '2026-10-12']]);
    caseId = school.cases[0].id;
    const township = data(await call<{ cases: CaseListItem[] }>('listCases', {}, who.township));
    expect(township.cases.map((c) => c.id)).toEqual([caseId]);
    const county = data(await call<{ cases: CaseListItem[] }>('listCases', { regionCode: IN.countyCode }, who.county));
    expect(county.cases.map((c) => c.id)).toEqual([caseId]);

    // Another school's teacher and another township's staff: nothing of it.
    expect(code(await call('getCase', { caseId }, who.teacherB))).toBe('FORBIDDEN');
    expect(code(await call('listCases', { schoolId: IN.schoolId }, who.teacherB))).toBe('FORBIDDEN');
    expect(data(await call<{ cases: CaseListItem[] }>('listCases', {}, who.teacherB)).cases).toEqual([]);
    expect(code(await call('getCase', { caseId }, who.townshipB))).toBe('FORBIDDEN');
    expect(data(await call<{ cases: CaseListItem[] }>('listCases', {}, who.townshipB)).cases).toEqual([]);
    // A second edit to the same value opens nothing more.
    await t.call('registry', 'updateChild', { childId: 'c-drop-1', changes: { remarks: '已电话联系家长' }, reason: '补充' }, { openid: who.officer.openid });
    expect(data(await call<{ cases: CaseListItem[] }>('listCases', { regionCode: IN.countyCode }, who.county)).cases).toHaveLength(1);
    expect(primaryBefore).toBeGreaterThanOrEqual(0);
  });

  test('three failed attempts escalate to the township and the county in 消息, once', async () => {
    const attempt = (outcome: string, p: Persona, on = '2026-10-12') => call<AttemptResult>('recordAttempt', { caseId, on, withWhom: '祖母', companions: '班主任', outcome, nextStep: '再次家访' }, p);
    const first = data(await attempt('refused', who.teacherA));
    expect(first.escalated).toBeUndefined();
    expect(first.caseView.attemptList.map((a) => [a.n, a.byName, a.outcome])).toEqual([[1, '测试人员', 'refused']]);
    expect(data(await attempt('willReturn', who.township)).escalated).toBeUndefined();
    expect(data(await attempt('notMet', who.staffA)).escalated).toBeUndefined();
    expect(await inboxKinds(who.township)).toEqual([]);
    const third = data(await attempt('undecided', who.teacherA));
    expect(third.escalated).toEqual({ told: 2, unreached: false });
    expect(third.caseView.failedAttempts).toBe(3);
    expect(third.caseView.escalated).toBe(true);
    expect(await inboxKinds(who.township)).toEqual(['schools.dropoutEscalated']);
    expect(await inboxKinds(who.county)).toEqual(['schools.dropoutEscalated']);
    expect(await inboxKinds(who.townshipB)).toEqual([]);
    expect(data(await attempt('refused', who.teacherA)).escalated).toBeUndefined();
    expect(await inboxKinds(who.county)).toEqual(['schools.dropoutEscalated']);
  });

  test('a return to school closes it, updates the child file and the county summary', async () => {
    const primary = await summaryCell('schooling:primary');
    const early = await call('closeCase', { caseId, returnedOn: '2026-10-01', schoolId: IN.schoolId, stage: 'primary' }, who.teacherA);
    expect(early.ok ? '' : `${early.error.code} ${early.error.message}`).toBe('VALIDATION_FAILED 复学日期：不能早于个案登记日期');
    const closed = data(await call<CaseView>('closeCase', { caseId, returnedOn: '2026-10-12', schoolId: IN.schoolId, stage: 'primary' }, who.teacherA));
    expect([closed.status, closed.returnedOn, closed.returnSchoolName, closed.canAct]).toEqual(['closed', '2026-10-12', '尧渡中心小学', false]);
    expect(await summaryCell('schooling:droppedOut')).toBe(0);
    expect(await summaryCell('schooling:primary')).toBe(primary + 1);
    const history = (await t.app.database().collection('childHistory').where({ childId: 'c-drop-1' }).get()).data as { reason: string }[];
    expect(history.map((h) => h.reason)).toContain('复学：2026-10-12 返回尧渡中心小学就读');
    expect(code(await call('recordAttempt', { caseId, on: '2026-10-12', withWhom: '祖母', outcome: 'refused' }, who.teacherA))).toBe('CONFLICT');
  });
});

test('a school reports a dropout: the file says so and a case opens; outside school age it is refused', async () => {
  await seedChild('c-drop-2', '2014-05-20');
  const v = data(await call<CaseView>('reportDropout', { childId: 'c-drop-2', kind: 'notInSchool', reason: '开学两周未到校' }, who.staffA));
  expect([v.status, v.kind, v.reason, v.age]).toEqual(['open', 'notInSchool', '开学两周未到校', 12]);
  const file = (await t.app.database().collection('children').doc('c-drop-2').get()).data[0] as { schooling: string };
  expect(file.schooling).toBe('notInSchool');
  // The same child again: the open case, not a second one.
  expect(data(await call<CaseView>('reportDropout', { childId: 'c-drop-2', kind: 'notInSchool' }, who.staffA)).id).toBe(v.id);
  // A 16-year-old is past compulsory-school age (the day before the 16th birthday is the last day).
  await seedChild('c-old', '2010-10-12');
  expect(code(await call('reportDropout', { childId: 'c-old', kind: 'droppedOut' }, who.staffA))).toBe('NOT_SCHOOL_AGE');
  await seedChild('c-15', '2010-10-13');
  expect(data(await call<CaseView>('reportDropout', { childId: 'c-15', kind: 'droppedOut' }, who.staffA)).age).toBe(15);
  // Another school's teacher may not report this school's child.
  expect(code(await call('reportDropout', { childId: 'c-drop-2', kind: 'droppedOut' }, who.teacherB))).toBe('FORBIDDEN');
});

test('with nobody bound in the township or county, the escalation is recorded unreached and says so', async () => {
  const lone = { ...SIDES.far, schoolId: 'w-school-lone' };
  await insert(t.app, 'children', { _id: 'c-lone', name: '王小满', birthDate: '2017-01-01', countyCode: lone.countyCode, townshipCode: lone.townshipCode, villageCode: lone.villageCode, schoolId: lone.schoolId, schooling: 'droppedOut', status: 'active', version: 1 });
  const teacher = await makePersona(t.app, 'teacher', lone);
  const v = data(await call<CaseView>('reportDropout', { childId: 'c-lone', kind: 'droppedOut' }, teacher));
  let last: AttemptResult | undefined;
  for (let i = 0; i < 3; i++) last = data(await call<AttemptResult>('recordAttempt', { caseId: v.id, on: '2026-10-12', withWhom: '父亲（电话）', outcome: 'refused' }, teacher));
  expect(last!.escalated).toEqual({ told: 0, unreached: true });
  const unreached = (await t.app.database().collection('unreachedUrgent').where({ refId: v.id }).get()).data as { kind: string; countyCode: string }[];
  expect(unreached.map((u) => [u.kind, u.countyCode])).toEqual([['dropoutEscalation', lone.countyCode]]);
});

test('the schools registry: the county admin adds and edits; the escalation rule is the county’s', async () => {
  const added = data(await call<SchoolView>('saveSchool', { name: '团结小学', regionCode: IN.villageCode, boarding: false, bureauCode: '2134012345' }, who.county));
  expect([added.name, added.place, added.boarding, added.bureauCode]).toEqual(['团结小学', '尧渡镇 · 团结社区', false, '2134012345']);
  const edited = data(await call<SchoolView>('saveSchool', { schoolId: added.id, name: '团结小学', regionCode: IN.villageCode, boarding: true }, who.county));
  expect([edited.boarding, edited.bureauCode]).toEqual([true, undefined]);
  const dup = await call('saveSchool', { name: '团结小学', regionCode: IN.townshipCode, boarding: false }, who.county);
  expect(dup.ok ? '' : dup.error.message).toContain('学校名称');
  expect(code(await call('saveSchool', { name: '某小学', regionCode: SIDES.far.townshipCode, boarding: false }, who.county))).toBe('FORBIDDEN');
  expect(code(await call('saveSchool', { name: '某小学', regionCode: IN.townshipCode, boarding: false }, who.township))).toBe('FORBIDDEN');

  const list = data(await call<SchoolsView>('listSchools', {}, who.county));
  expect(list.schools.map((s) => [s.name, s.openCases])).toEqual([
    ['团结小学', 0],
    ['尧渡中心小学', 2],
    ['东流初级中学', 0],
  ]);
  expect([list.canEdit, list.escalateAfter]).toEqual([true, 3]);
  const mine = data(await call<SchoolsView>('listSchools', {}, who.teacherB));
  expect([mine.schools.map((s) => s.name), mine.canEdit]).toEqual([['东流初级中学'], false]);
  expect(data(await call<{ escalateAfter: number }>('updateSettings', { escalateAfter: 5 }, who.county)).escalateAfter).toBe(5);
  expect(data(await call<SchoolsView>('listSchools', {}, who.township)).escalateAfter).toBe(5);

  // Linking a child to the new school: the child's file changes, and that school's people reach it.
  expect(data(await call('linkChild', { childId: 'c-drop-2', schoolId: added.id }, who.township))).toEqual({ childId: 'c-drop-2', schoolId: added.id });
  const file = (await t.app.database().collection('children').doc('c-drop-2').get()).data[0] as { schoolId: string };
  expect(file.schoolId).toBe(added.id);
  expect(code(await call('linkChild', { childId: 'c-drop-2', schoolId: NEAR.schoolId }, who.township))).toBe('FORBIDDEN');
});

test('a case open longer than the county’s days goes to the township and county once, with nobody’s attempts needed', async () => {
  expect(data(await call<{ escalateAfter: number; escalateAfterDays: number }>('updateSettings', { escalateAfter: 5, escalateAfterDays: 10 }, who.county))).toEqual({ escalateAfter: 5, escalateAfterDays: 10 });
  await seedChild('c-days', '2015-02-02');
  const v = data(await call<CaseView>('reportDropout', { childId: 'c-days', kind: 'droppedOut' }, who.staffA));
  const before = (await inboxKinds(who.township)).length;
  // Nine days on: not yet.
  t.clock.set(new Date(NOW.getTime() + 9 * 86_400_000));
  expect(data(await t.call<{ escalated: number }>('schools', 'runTimers', {}))).toEqual({ escalated: 0, unreached: 0 });
  // Ten days on: every open case of the county that has waited ten days goes up, once.
  t.clock.set(new Date(NOW.getTime() + 10 * 86_400_000));
  const first = data(await t.call<{ escalated: number }>('schools', 'runTimers', {}));
  expect(first.escalated).toBeGreaterThanOrEqual(1);
  const c = data(await call<CaseView>('getCase', { caseId: v.id }, who.county));
  expect([c.escalated, c.escalatedOn, c.escalation]).toEqual([true, '2026-10-22', { told: 2, unreached: false }]);
  expect((await inboxKinds(who.township)).length).toBe(before + first.escalated);
  expect(data(await t.call<{ escalated: number }>('schools', 'runTimers', {}))).toEqual({ escalated: 0, unreached: 0 });
  // No mini-program user may run it.
  expect(code(await call('runTimers', {}, who.county))).toBe('FORBIDDEN');
  t.clock.set(NOW);
});

describe('cases from a census import, and the daily sweep', () => {
  test('a roster with a child marked 辍学 and one 未在校 opens their cases, seen by the township and county, and by the school once linked', async () => {
    const gen = await generateRoster({
      format: 'csv-utf8',
      county: { code: IN.countyCode, name: '东至县' },
      town: { code: IN.townshipCode, name: '尧渡镇' },
      sheets: [
        {
          sheetName: '团结社区',
          village: { code: IN.villageCode, name: '团结社区' },
          families: [
            { children: [{ name: '程小禾', birthDate: '2016-05-01', schooling: ['辍学', 'droppedOut'] }, { name: '程小苗', birthDate: '2021-03-03' }] },
            { children: [{ name: '钱小山', birthDate: '2012-02-02', schooling: ['14-16周岁未在校', 'notInSchool'] }] },
          ],
        },
      ],
      headerStyle: 'one-row',
      censusDate: '2026-09-30',
      seed: 21,
    });
    const before = data(await call<{ cases: CaseListItem[] }>('listCases', { regionCode: IN.countyCode, status: 'open' }, who.county)).cases.map((c) => c.id);
    const run = await importRoster(t, who.county.openid, { name: '341721-尧渡镇-团结社区-留守儿童花名册.csv', bytes: gen.bytes });
    expect(run.progress.counts.accepted).toBe(3);

    const county = data(await call<{ cases: CaseListItem[] }>('listCases', { regionCode: IN.countyCode, status: 'open' }, who.county)).cases.filter((c) => !before.includes(c.id));
    expect(county.map((c) => [c.childName, c.kind, c.openedOn]).sort()).toEqual([
      ['程小禾', 'droppedOut', '2026-10-12'],
      ['钱小山', 'notInSchool', '2026-10-12'],
    ]);
    const township = data(await call<{ cases: CaseListItem[] }>('listCases', { status: 'open' }, who.township)).cases.map((c) => c.id);
    expect(township).toEqual(expect.arrayContaining(county.map((c) => c.id)));
    expect(data(await call<{ cases: CaseListItem[] }>('listCases', {}, who.townshipB)).cases).toEqual([]);

    // Imported files name no school: linking the child takes its case to the school.
    const he = county.find((c) => c.childName === '程小禾')!;
    expect(code(await call('getCase', { caseId: he.id }, who.teacherA))).toBe('FORBIDDEN');
    expect(data(await call('linkChild', { childId: he.childId, schoolId: IN.schoolId }, who.township))).toEqual({ childId: he.childId, schoolId: IN.schoolId });
    expect(data(await call<CaseView>('getCase', { caseId: he.id }, who.teacherA)).schoolName).toBe('尧渡中心小学');
    expect(code(await call('getCase', { caseId: he.id }, who.teacherB))).toBe('FORBIDDEN');

    // The sweep finds nothing more to open: the import's event did it.
    expect(data(await t.call<{ opened: number }>('schools', 'sweepDropouts', {})).opened).toBe(0);
  });

  test('a file marked dropped out whose event never arrived gets one case from the daily sweep, however often it runs', async () => {
    await seedChild('c-lost-event', '2015-06-06', { schooling: 'droppedOut', schoolId: IN.schoolId });
    // Past compulsory-school age, left the registry, or in school: nothing.
    await seedChild('c-sweep-old', '2009-01-01', { schooling: 'droppedOut' });
    await seedChild('c-sweep-left', '2015-06-06', { schooling: 'droppedOut', status: 'left' });
    const first = data(await t.call<{ opened: number; caseIds: string[] }>('schools', 'sweepDropouts', {}));
    expect(first.opened).toBe(1);
    const second = data(await t.call<{ opened: number }>('schools', 'sweepDropouts', {}));
    expect(second.opened).toBe(0);
    const cases = (await t.app.database().collection('dropoutCases').where({ childId: 'c-lost-event' }).get()).data as { status: string }[];
    expect(cases.map((c) => c.status)).toEqual(['open']);
    const school = data(await call<{ cases: CaseListItem[] }>('listCases', { schoolId: IN.schoolId, status: 'open' }, who.teacherA)).cases;
    expect(school.map((c) => c.id)).toContain(first.caseIds[0]);
    expect(code(await call('sweepDropouts', {}, who.county))).toBe('FORBIDDEN');
  });

  test('the scheduler runs the sweep once a day', async () => {
    const tick = { Type: 'Timer', TriggerName: 'tick', Time: '', Message: '' };
    const casesOf = async (childId: string) => ((await t.app.database().collection('dropoutCases').where({ childId }).get()).data as unknown[]).length;
    // A day no sweep has run yet (the stand-in fires the scheduler itself when its clock moves on).
    const day = new Date(NOW.getTime() + 50 * 86_400_000);
    await seedChild('c-timer-1', '2015-06-06', { schooling: 'notInSchool' });
    t.clock.set(day);
    await t.stack.timers.settle();
    await t.invoke('scheduler', tick);
    expect(await casesOf('c-timer-1')).toBe(1);
    // Later the same day: the day's sweep has run.
    await seedChild('c-timer-2', '2015-06-06', { schooling: 'droppedOut' });
    await t.invoke('scheduler', tick);
    expect(await casesOf('c-timer-2')).toBe(0);
    // The next day it runs again.
    t.clock.set(new Date(day.getTime() + 86_400_000));
    await t.stack.timers.settle();
    await t.invoke('scheduler', tick);
    expect([await casesOf('c-timer-1'), await casesOf('c-timer-2')]).toEqual([1, 1]);
    t.clock.set(NOW);
    await t.stack.timers.settle();
  });
});

describe('legal measures (policy §二(三): 依法采取法律措施 when persuasion fails)', () => {
  test('refused before escalation; after it the township records 责令限期复学 with the notice photo, the school reads it and is told, another township never sees it', async () => {
    await seedChild('c-law', '2014-04-04');
    const v = data(await call<CaseView>('reportDropout', { childId: 'c-law', kind: 'droppedOut' }, who.staffA));
    expect([v.measureList, v.canRecordMeasure, v.measureRole]).toEqual([[], false, false]);
    expect(data(await call<CaseView>('getCase', { caseId: v.id }, who.township)).measureRole).toBe(true);

    const early = await call('recordMeasure', { caseId: v.id, kind: 'guardianTalk', on: '2026-10-12' }, who.township);
    expect(early.ok ? '' : `${early.error.code} ${early.error.message}`).toBe('NOT_ESCALATED 劝返还没有上报乡镇和县：劝返无效次数或登记天数达到县里设定的值后，才能记录法律措施，请先继续劝返并记录');
    expect(code(await call('measureSlot', { caseId: v.id }, who.township))).toBe('NOT_ESCALATED');
    // The school works the case but does not take legal measures.
    expect(code(await call('recordMeasure', { caseId: v.id, kind: 'guardianTalk', on: '2026-10-12' }, who.teacherA))).toBe('FORBIDDEN');

    let last: AttemptResult | undefined;
    for (let i = 0; i < v.escalateAfter; i++) last = data(await call<AttemptResult>('recordAttempt', { caseId: v.id, on: '2026-10-12', withWhom: '父亲（电话）', outcome: 'refused' }, who.teacherA));
    expect(last!.caseView.escalated).toBe(true);
    expect(data(await call<CaseView>('getCase', { caseId: v.id }, who.township)).canRecordMeasure).toBe(true);

    const photo = await uploadToSlot(t, { fn: 'schools', action: 'measureSlot', input: { caseId: v.id }, openid: who.township.openid }, Buffer.from('notice-photo'));
    const recorded = data(
      await call<CaseView>('recordMeasure', { caseId: v.id, kind: 'returnNotice', on: '2026-10-12', note: '向监护人送达《责令限期复学通知书》，限10日内复学', photo }, who.township),
    );
    expect(recorded.measureList.map((m) => [m.n, m.kind, m.on, m.byName, m.byRole, m.note])).toEqual([
      [1, 'returnNotice', '2026-10-12', '测试人员', '乡镇工作人员', '向监护人送达《责令限期复学通知书》，限10日内复学'],
    ]);
    expect(recorded.measureList[0].photoUrl).toBeTruthy();
    // The same photo again: its slot is used.
    expect(code(await call('recordMeasure', { caseId: v.id, kind: 'writtenUrge', on: '2026-10-12', photo }, who.township))).toMatch(/^UPLOAD_/);

    // 其他 needs a note; the county records one.
    const other = await call('recordMeasure', { caseId: v.id, kind: 'other', on: '2026-10-12' }, who.county);
    expect(other.ok ? '' : other.error.message).toBe('情况说明：选“其他”时请写明采取了什么措施');
    const two = data(await call<CaseView>('recordMeasure', { caseId: v.id, kind: 'other', on: '2026-10-12', note: '联系孩子父亲务工地的劳动监察部门协助督促' }, who.county));
    expect(two.measureList.map((m) => [m.kind, m.byRole])).toEqual([
      ['returnNotice', '乡镇工作人员'],
      ['other', '县民政局管理员'],
    ]);

    // The school reads them and was told in 消息, once per measure.
    const seen = data(await call<CaseView>('getCase', { caseId: v.id }, who.teacherA));
    expect([seen.measureList.length, seen.canRecordMeasure]).toEqual([2, false]);
    expect((await inboxKinds(who.teacherA)).filter((k) => k === 'schools.legalMeasure')).toHaveLength(2);
    expect((await inboxKinds(who.staffA)).filter((k) => k === 'schools.legalMeasure')).toHaveLength(2);
    expect(await inboxKinds(who.teacherB)).not.toContain('schools.legalMeasure');
    // Another township: neither the case nor its measures.
    expect(code(await call('getCase', { caseId: v.id }, who.townshipB))).toBe('FORBIDDEN');
    expect(code(await call('recordMeasure', { caseId: v.id, kind: 'writtenUrge', on: '2026-10-12' }, who.townshipB))).toBe('FORBIDDEN');
    expect(code(await call('measureSlot', { caseId: v.id }, who.townshipB))).toBe('FORBIDDEN');

    // Closed by a return: no more measures.
    data(await call<CaseView>('closeCase', { caseId: v.id, returnedOn: '2026-10-12', schoolId: IN.schoolId, stage: 'juniorMiddle' }, who.teacherA));
    expect(code(await call('recordMeasure', { caseId: v.id, kind: 'writtenUrge', on: '2026-10-12' }, who.township))).toBe('CONFLICT');
  });
});

test('a county’s cases come a page at a time, open ones first (newest first), then the returned ones; the counts cover every page', async () => {
  const far = SIDES.far;
  const admin = await makePersona(t.app, 'countyAdmin', far);
  type Page = { cases: CaseListItem[]; hasMore: boolean; counts: { open: number; escalated: number; closed: number } };
  const before = data(await call<Page>('listCases', { regionCode: far.countyCode }, admin)).counts;
  for (let i = 0; i < 35; i++) {
    await insert(t.app, 'children', { _id: `c-page-${i}`, name: `翻页${i}`, birthDate: '2015-01-01', countyCode: far.countyCode, townshipCode: far.townshipCode, villageCode: far.villageCode, schooling: 'droppedOut', status: 'active', version: 1 });
    await insert(t.app, 'dropoutCases', {
      _id: `dc-c-page-${i}-1`,
      childId: `c-page-${i}`,
      countyCode: far.countyCode,
      townshipCode: far.townshipCode,
      villageCode: far.villageCode,
      kind: 'droppedOut',
      status: i % 5 === 0 ? 'closed' : 'open',
      openedAt: new Date(),
      openedOn: `2026-09-${String(1 + (i % 28)).padStart(2, '0')}`,
      openedBy: { kind: 'registry' },
      attempts: [],
      failedAttempts: 0,
      ...(i % 7 === 1 ? { escalatedAt: new Date(), escalatedOn: '2026-10-01' } : {}),
      version: 1,
    });
  }
  const first = data(await call<Page>('listCases', { regionCode: far.countyCode }, admin));
  expect([first.cases.length, first.hasMore]).toEqual([30, true]);
  // (Plus the cases this county had before: the unreached one of the test above.)
  expect(first.counts).toEqual({ open: before.open + 28, escalated: before.escalated + 4, closed: before.closed + 7 });
  const total = 35 + before.open + before.closed;
  const open = 28 + before.open;
  const second = data(await call<Page>('listCases', { regionCode: far.countyCode, skip: 30 }, admin));
  expect([second.cases.length, second.hasMore]).toEqual([total - 30, false]);
  const all = [...first.cases, ...second.cases];
  expect(new Set(all.map((c) => c.id)).size).toBe(total);
  expect(all.slice(0, open).every((c) => c.status === 'open')).toBe(true);
  expect(all.slice(open).every((c) => c.status === 'closed')).toBe(true);
  const openDays = all.slice(0, open).map((c) => c.openedOn);
  expect(openDays).toEqual([...openDays].sort().reverse());
  // Another county's admin: nothing of it.
  expect(code(await call('listCases', { regionCode: far.countyCode }, who.county))).toBe('FORBIDDEN');
});
