/**
 * Age-out on the 16th birthday, decided on Asia/Shanghai calendar days using the stand-in's
 * clock (runs under TZ=UTC and TZ=Asia/Shanghai): the file reads as left from 00:00 Shanghai
 * time that day even before the timer ran, the daily timer then writes it with history, and
 * running the timer twice changes nothing more. 29 February birthdays fall on 1 March in years
 * without one (age groups of the summary).
 */
import type { NormalizedCensusRow } from '../../cloudfunctions/_shared/contracts/census';
import type { ChildDoc } from '../../cloudfunctions/_shared/contracts/registry';
import { ageOutDay, birthdayAt, childFromRow } from '../../cloudfunctions/registry/src/model';
import { startTestStack, type TestStack } from '../helpers/stack';
import { makePersona, useStackKey, type Persona } from '../helpers/access-world';

let t: TestStack;
let officer: Persona;
const VILLAGE = '341721100001';

function row(name: string, idNumber: string, birthDate: string): NormalizedCensusRow {
  return { name, idNumber, gender: 'male', birthDate, parentsBothAway: true, villageCode: VILLAGE, townshipCode: VILLAGE.slice(0, 9) };
}

async function addChild(id: string, birthDate: string, idNumber: string): Promise<void> {
  const c: ChildDoc = childFromRow(row(`测试${id}`, idNumber, birthDate), { childId: id, householdId: `hh-${id}`, countyCode: '341721', source: { kind: 'officer' } }, new Date('2026-01-01T00:00:00Z'));
  await t.app.database().collection('children').add(c as never);
}

const getChild = (id: string) => t.call<{ child: { effectiveStatus: string; status: string } }>('registry', 'getChild', { childId: id }, { openid: officer.openid });
const activeIds = async () => {
  const r = await t.call<{ children: { id: string }[] }>('registry', 'searchChildren', { regionCode: VILLAGE, limit: 200 }, { openid: officer.openid });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.children.map((c) => c.id);
};

beforeAll(async () => {
  t = await startTestStack({ functions: ['registry'] });
  useStackKey(t);
  officer = await makePersona(t.app, 'villageOfficer');
  // Invented ID numbers (checksums are not validated for direct inserts).
  await addChild('turns16', '2010-10-15', '34172120101015001X');
  await addChild('younger', '2012-06-01', '341721201206010011');
  await addChild('leap', '2020-02-29', '341721202002290011');
}, 120_000);
afterAll(async () => t?.stop());

test('the 16th birthday and 29 February are computed on calendar days', () => {
  expect(ageOutDay('2010-10-15')).toBe('2026-10-15');
  expect(ageOutDay('2012-02-29')).toBe('2028-02-29');
  expect(birthdayAt('2020-02-29', 6)).toBe('2026-03-01');
  expect(birthdayAt('2084-02-29', 16)).toBe('2100-03-01');
});

test('a child is active until the Shanghai day of the 16th birthday, then left, before and after the timer', async () => {
  // 23:59 on 14 October in Shanghai (15:59 UTC): still 15.
  t.clock.set(new Date('2026-10-14T15:59:00Z'));
  expect((await getChild('turns16')).ok && (await getChild('turns16'))).toMatchObject({ ok: true, data: { child: { effectiveStatus: 'active' } } });
  expect(await activeIds()).toContain('turns16');

  // 00:00 on 15 October in Shanghai (still 14 October in UTC): 16 today, no longer active,
  // although the 00:05 timer has not run yet.
  t.clock.set(new Date('2026-10-14T16:00:00Z'));
  await t.settleTimers();
  const before = await getChild('turns16');
  expect(before).toMatchObject({ ok: true, data: { child: { effectiveStatus: 'left', status: 'active' } } });
  const ids = await activeIds();
  expect(ids).not.toContain('turns16');
  expect(ids).toContain('younger');

  // 00:06 Shanghai: the daily timer (00:05) fires on the stand-in clock and writes the change.
  t.clock.set(new Date('2026-10-14T16:06:00Z'));
  await t.settleTimers();
  const doc = (await t.app.database().collection('children').doc('turns16').get()).data[0] as ChildDoc;
  expect(doc).toMatchObject({ status: 'left', leftReason: 'agedOut', leftOn: '2026-10-15' });
  expect((await t.app.database().collection('children').doc('younger').get()).data[0].status).toBe('active');

  // Running it again changes nothing and adds no second history entry.
  const again = await t.invoke('registry', { Type: 'Timer', TriggerName: 'ageOut', Time: new Date().toISOString() }, { source: 'scf' });
  expect(again.ok).toBe(true);
  const history = await t.call<{ entries: { op: string }[] }>('registry', 'childHistory', { childId: 'turns16' }, { openid: officer.openid });
  expect(history.ok && history.data.entries.filter((e) => e.op === 'ageOut')).toHaveLength(1);
});

test('a 29 February child is 5 on 28 February and 6 on 1 March of a year without 29 February', async () => {
  t.clock.set(new Date('2026-03-01T12:00:00Z'));
  const cell = (date: string, column: string) =>
    t.call<{ total: number; children: { id: string }[] }>('registry', 'summaryCell', { regionCode: VILLAGE, column, date }, { openid: officer.openid });
  const young = await cell('2026-02-28', 'age:0-5');
  expect(young.ok && young.data.children.map((c) => c.id)).toContain('leap');
  const older = await cell('2026-03-01', 'age:6-13');
  expect(older.ok && older.data.children.map((c) => c.id)).toContain('leap');
  const notYoung = await cell('2026-03-01', 'age:0-5');
  expect(notYoung.ok && notYoung.data.children.map((c) => c.id)).not.toContain('leap');
});
