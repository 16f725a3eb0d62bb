/**
 * Community indicators (policy §二(四); docs/community.md): volunteers on duty per township
 * (active `volunteer` bindings, from approving a sign-up or an invitation) and those of them who
 * served in the period (a closed check-in with minutes counted, `volunteerShifts`); trainings and
 * care activities held this year (`trainings`, `careActivities`). Reads the
 * documents through the community contract's types; no domain code.
 */
import { fetchAll } from '../db';
import type { Binding } from '../access/scope';
import { TRAININGS_PER_YEAR, volunteerHours, type ActivityDoc, type ShiftDoc, type TrainingDoc } from '../contracts/community';
import { startOfShanghaiDay, addDays } from '../time';
import { defineSource, type Item } from './define';

export const communitySource = defineSource({
  domain: 'community',
  keys: ['community.volunteers', 'community.volunteersActive', 'community.serviceHours', 'community.trainings', 'community.townshipsTrainingShort', 'community.activities', 'community.activityChildren'],
  /**
   * Every active volunteer binding of the county (one item per person, in the township bound);
   * those of them with a check-out in the period (Asia/Shanghai days, inclusive) that counted
   * minutes, noted with the minutes served (`服务150分钟`; no names), and the same volunteers'
   * hours (`v`, one decimal) for `community.serviceHours`, the period's total. Trainings held from 1 January
   * of the as-of day's year to the as-of day, by township; the townships with fewer than
   * `TRAININGS_PER_YEAR` (note `已办1次`). Care activities held in the same stretch, by the site's
   * township (note `到场儿童12人，志愿者3人`), and the children they reached, each once at their
   * village (note `参加2次`; an erased file is not counted).
   */
  async compute({ db, countyCode, period, asOf, townships }) {
    const _ = db.command;
    const bindings = await fetchAll<Pick<Binding, 'personId' | 'scope'>>(db.collection('roleBindings').where({ role: 'volunteer', status: 'active' }).field({ personId: true, scope: true }), 100_000);
    const township = new Map<string, string>();
    for (const b of bindings) {
      if (b.scope.kind !== 'region') continue;
      const code = b.scope.codes.find((c) => c.startsWith(countyCode));
      if (code && !township.has(b.personId)) township.set(b.personId, code.slice(0, 9));
    }
    const from = startOfShanghaiDay(period.from);
    const until = startOfShanghaiDay(addDays(period.to, 1));
    const shifts = await fetchAll<Pick<ShiftDoc, 'personId' | 'minutes'>>(
      db.collection('volunteerShifts').where({ open: false, checkOutAt: _.gte(from).and(_.lt(until)) }).field({ personId: true, minutes: true }),
      100_000,
    );
    const minutes = new Map<string, number>();
    for (const s of shifts) if (township.has(s.personId) && (s.minutes ?? 0) > 0) minutes.set(s.personId, (minutes.get(s.personId) ?? 0) + (s.minutes ?? 0));
    const volunteers: Item[] = [...township].map(([personId, code]) => ({ id: personId, region: code }));
    const held = await fetchAll<Pick<TrainingDoc, '_id' | 'townshipCode' | 'attendees'>>(
      db.collection('trainings').where({ countyCode, day: _.gte(`${asOf.slice(0, 4)}-01-01`).and(_.lte(asOf)) }).field({ _id: true, townshipCode: true, attendees: true }),
      100_000,
    );
    const perTownship = new Map<string, number>();
    for (const t of held) perTownship.set(t.townshipCode, (perTownship.get(t.townshipCode) ?? 0) + 1);
    const activities = await fetchAll<Pick<ActivityDoc, '_id' | 'townshipCode' | 'childIds' | 'volunteers'>>(
      db.collection('careActivities').where({ countyCode, day: _.gte(`${asOf.slice(0, 4)}-01-01`).and(_.lte(asOf)) }).field({ _id: true, townshipCode: true, childIds: true, volunteers: true }),
      100_000,
    );
    const times = new Map<string, number>();
    for (const a of activities) for (const id of new Set(a.childIds)) times.set(id, (times.get(id) ?? 0) + 1);
    const ids = [...times.keys()];
    const reached: Item[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await fetchAll<{ _id: string; villageCode: string; erased?: unknown }>(
        db.collection('children').where({ _id: _.in(ids.slice(i, i + 500)) }).field({ _id: true, villageCode: true, erased: true }),
        500,
      );
      for (const c of rows) if (!c.erased) reached.push({ id: c._id, region: c.villageCode, note: `参加${times.get(c._id)}次` });
    }
    return {
      'community.activityChildren': reached,
      'community.activities': activities.map((a) => ({ id: a._id, region: a.townshipCode, note: `到场儿童${a.childIds.length}人，志愿者${a.volunteers}人` })),
      'community.trainings': held.map((t) => ({ id: t._id, region: t.townshipCode, note: `${t.attendees}人签到` })),
      'community.townshipsTrainingShort': townships.filter((t) => (perTownship.get(t.code) ?? 0) < TRAININGS_PER_YEAR).map((t) => ({ id: t.code, region: t.code, note: `已办${perTownship.get(t.code) ?? 0}次` })),
      'community.volunteers': volunteers,
      'community.volunteersActive': volunteers.filter((v) => minutes.has(v.id)).map((v) => ({ ...v, note: `服务${minutes.get(v.id)}分钟` })),
      // Hours to one decimal per volunteer; the board sums them (stat `sum`).
      'community.serviceHours': volunteers
        .filter((v) => minutes.has(v.id))
        .map((v) => {
          const hours = volunteerHours(minutes.get(v.id)!);
          return { ...v, v: hours, note: `服务${hours}小时` };
        }),
    };
  },
});
