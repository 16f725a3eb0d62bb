/**
 * The generated county's volunteers (community indicators): per township 0–3 volunteers who
 * served in the period, served only before it, lapsed (a check-in closed with 0 minutes), are
 * still checked in, or whose binding was revoked — with the truth of `community.volunteers` and
 * `community.volunteersActive` made by construction. Its own PRNG, so the county's other draws
 * are unchanged. Also adds the social and Youth League organisations (supervision-county-orgs.ts).
 */
import type { IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';
import { addOrganisations } from './supervision-county-orgs';

interface VolunteerInput {
  seed: number;
  countyCode: string;
  /** The generated child files (for the 团组织 pairings, supervision-county-orgs.ts). */
  children: Record<string, unknown>[];
  townships: { code: string }[];
  from: string;
  asOf: string;
  add(collection: string, doc: Record<string, unknown>): void;
  bind(personId: string, role: string, codes: string[], status?: string): void;
  expect(key: IndicatorKey, item: { id: string; region: string; note?: string; v?: number }): void;
}

/** `2026-11-20` + n days. */
function addDay(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** An instant on a Shanghai wall-clock day. */
function at(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00+08:00`);
}

export function addVolunteers({ seed, countyCode, townships, from, asOf, children, add, bind, expect }: VolunteerInput): void {
  addOrganisations({ countyCode, townships, asOf, children, add, expect });
  let a = (seed + 18) >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const shift = (id: string, personId: string, tc: string, inAt: Date, out: { at: Date; minutes: number; lapsed?: boolean } | null) =>
    add('volunteerShifts', { _id: id, personId, siteId: `site-${tc}`, siteName: '温馨家园', townshipCode: tc, checkInAt: inAt, open: !out, ...(out ? { checkOutAt: out.at, minutes: out.minutes, ...(out.lapsed ? { lapsed: true } : {}) } : {}) });
  townships.forEach((t, i) => {
    for (let k = 0; k < [3, 1, 0, 2][i % 4]; k++) {
      const personId = `p-vol-${t.code}-${k}`;
      const kind = k === 0 && i === 0 ? 'served' : pick(['served', 'served', 'before', 'lapsed', 'open', 'revoked'] as const);
      bind(personId, 'volunteer', [t.code], kind === 'revoked' ? 'revoked' : 'active');
      const day = kind === 'before' ? addDay(from, -3) : addDay(asOf, -5);
      if (kind === 'served' || kind === 'revoked') shift(`vs-${personId}`, personId, t.code, at(day, '09:00'), { at: at(day, '11:30'), minutes: 150 });
      if (kind === 'before') shift(`vs-${personId}`, personId, t.code, at(day, '09:00'), { at: at(day, '10:00'), minutes: 60 });
      if (kind === 'lapsed') shift(`vs-${personId}`, personId, t.code, at(day, '09:00'), { at: at(addDay(day, 1), '09:00'), minutes: 0, lapsed: true });
      if (kind === 'open') shift(`vs-${personId}`, personId, t.code, at(asOf, '08:00'), null);
      if (kind === 'revoked') continue;
      expect('community.volunteers', { id: personId, region: t.code });
      if (kind === 'served') expect('community.volunteersActive', { id: personId, region: t.code });
      if (kind === 'served') expect('community.serviceHours', { id: personId, region: t.code, v: 2.5 });
    }
  });
  townships.forEach((t, i) => {
    const n = [2, 1, 0, 3][i % 4];
    const training = (id: string, day: string) =>
      add('trainings', { _id: id, countyCode: t.code.slice(0, 6), townshipCode: t.code, title: '志愿者培训', day, place: '镇政府', attendees: 3, createdBy: 'seed', createdAt: at(day, '09:00') });
    for (let k = 0; k < n; k++) {
      const id = `tr-${t.code}-${k}`;
      training(id, addDay(asOf, -30 * (k + 1)));
      expect('community.trainings', { id, region: t.code, note: '3人签到' });
    }
    training(`tr-${t.code}-lastyear`, `${Number(asOf.slice(0, 4)) - 1}-12-20`);
    training(`tr-${t.code}-planned`, addDay(asOf, 3));
    if (n < 2) expect('community.townshipsTrainingShort', { id: t.code, region: t.code, note: `已办${n}次` });
  });
  // Care activities: 0–2 held this year per township, the first 2 and 3 of the township's child
  // files (an erased one among them is not counted) ticked, so children overlap; one planned for a
  // later day and one of last year, with other children, neither counted.
  townships.forEach((t, i) => {
    const kids = children.filter((c) => c.townshipCode === t.code);
    const activity = (id: string, day: string, childIds: string[], volunteers: number) =>
      add('careActivities', {
        _id: id, countyCode: t.code.slice(0, 6), townshipCode: t.code, regionCode: t.code, siteId: `site-${t.code}`, siteName: '温馨家园', kind: 'tutoring', theme: '课业辅导',
        day, start: '09:00', end: '11:00', childIds, volunteers, createdBy: 'seed', createdAt: at(day, '08:00'), updatedBy: 'seed', updatedAt: at(day, '08:00'),
      });
    const times = new Map<Record<string, unknown>, number>();
    for (let k = 0; k < [1, 2, 0][i % 3]; k++) {
      const id = `ac-${t.code}-${k}`;
      const ticked = kids.slice(0, k + 2);
      activity(id, addDay(asOf, -10 * (k + 1)), ticked.map((c) => String(c._id)), k);
      expect('community.activities', { id, region: t.code, note: `到场儿童${ticked.length}人，志愿者${k}人` });
      for (const c of ticked) times.set(c, (times.get(c) ?? 0) + 1);
    }
    for (const [c, n] of times) if (!c.erased) expect('community.activityChildren', { id: String(c._id), region: String(c.villageCode), note: `参加${n}次` });
    activity(`ac-${t.code}-planned`, addDay(asOf, 2), kids.slice(3, 5).map((c) => String(c._id)), 0);
    activity(`ac-${t.code}-lastyear`, `${Number(asOf.slice(0, 4)) - 1}-12-28`, kids.slice(5, 7).map((c) => String(c._id)), 1);
  });
}
