/**
 * 志愿服务证明: a volunteer's certificate-style summary of one calendar year's service, computed
 * from what was recorded — shifts closed by a check-out (a lapsed check-in counts nothing),
 * trainings and activities whose code they scanned. docs/community.md "志愿服务证明".
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { shanghaiDay } from '../../_shared/time';
import type { Db } from '../../_shared/context';
import {
  ACTIVITY_KIND_LABELS,
  communityContract,
  type ActivityAttendanceDoc,
  type ActivityDoc,
  type AttendanceDoc,
  type CertificateView,
  type ShiftDoc,
  type TrainingDoc,
  type VolunteerDoc,
  volunteerHours,
} from '../../_shared/contracts/community';
import { CM, regionNames } from './common';
import { ACTIVITIES, ACTIVITY_ATTENDANCE } from './activities';

const A = communityContract.actions;

/** Minutes as hours with one decimal for the certificate (`150` → `2.5`, `60` → `1.0`). */
export function hoursText(minutes: number): string {
  return volunteerHours(minutes).toFixed(1);
}

async function byIds<T extends { _id: string }>(db: Db, collection: string, ids: string[]): Promise<T[]> {
  if (!ids.length) return [];
  return fetchAll<T>(db.collection(collection).where({ _id: db.command.in(ids) }), 5000);
}

export const myCertificate = action(A.myCertificate, {
  access: { roles: ['volunteer'] },
  example: () => ({}),
  /**
   * The caller's certificate for a calendar year (default: this year, to today): name, county,
   * total minutes and hours (one decimal), shifts that counted, minutes per site, trainings and
   * activities attended (by their day), the day issued (today), and the years that may be asked
   * for. Days are Asia/Shanghai; a shift belongs to the day it was checked in. Audited as a read
   * of the caller's own volunteer record.
   * @throws VALIDATION_FAILED naming 年度 (code YEAR_FUTURE) for a year after this one;
   *   NO_SERVICE_YEAR for a year before the volunteer signed up or first served
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const personId = ctx.actor!.personId!;
    const today = shanghaiDay(ctx.now());
    const year = input.year ?? today.slice(0, 4);
    if (year > today.slice(0, 4)) {
      throw new AppError('VALIDATION_FAILED', '年度：不能选择以后的年份', { issues: [{ path: 'year', label: '年度', code: 'YEAR_FUTURE', message: '不能选择以后的年份' }] });
    }
    const from = `${year}-01-01`;
    const to = year === today.slice(0, 4) ? today : `${year}-12-31`;
    const within = (day: string) => day >= from && day <= to;
    const [person, app, shifts, trainingScans, activityScans] = await Promise.all([
      getDoc<{ name?: string }>(db, CM.persons, personId),
      getDoc<VolunteerDoc>(db, CM.volunteers, personId),
      fetchAll<ShiftDoc>(db.collection(CM.shifts).where({ personId }), 10_000),
      fetchAll<AttendanceDoc>(db.collection('trainingAttendance').where({ personId }), 2000),
      fetchAll<ActivityAttendanceDoc>(db.collection(ACTIVITY_ATTENDANCE).where({ personId }), 2000),
    ]);
    const [trainings, acts] = await Promise.all([
      byIds<TrainingDoc>(db, 'trainings', trainingScans.map((s) => s.trainingId)),
      byIds<ActivityDoc>(db, ACTIVITIES, activityScans.map((s) => s.activityId)),
    ]);
    const binding = ctx.actor!.bindings.find((b) => b.role === 'volunteer' && b.status === 'active' && b.scope.kind === 'region');
    const countyCode = app?.countyCode ?? (binding?.scope.kind === 'region' ? binding.scope.codes[0]?.slice(0, 6) : undefined) ?? '';
    const county = countyCode ? ((await regionNames(db, countyCode)).get(countyCode) ?? '') : '';

    const counted = shifts.filter((s) => !s.open && !s.lapsed && (s.minutes ?? 0) > 0 && within(shanghaiDay(new Date(s.checkInAt))));
    const perSite = new Map<string, { siteName: string; minutes: number; shifts: number }>();
    for (const s of counted) {
      const row = perSite.get(s.siteId) ?? { siteName: s.siteName, minutes: 0, shifts: 0 };
      row.minutes += s.minutes ?? 0;
      row.shifts += 1;
      perSite.set(s.siteId, row);
    }
    const totalMinutes = counted.reduce((n, s) => n + (s.minutes ?? 0), 0);
    const first = [app?.appliedAt ? shanghaiDay(new Date(app.appliedAt)) : today, ...shifts.map((s) => shanghaiDay(new Date(s.checkInAt)))].sort()[0].slice(0, 4);
    const years: string[] = [];
    for (let y = Number(today.slice(0, 4)); y >= Number(first); y--) years.push(String(y));
    // A certificate of nothing for a year before the volunteer began would read as a real one.
    if (!years.includes(year)) throw new AppError('NO_SERVICE_YEAR', `${year}年您还没有开始志愿服务，没有可以出具的服务证明，请选择${years[years.length - 1]}年或以后`);
    const view: CertificateView = {
      name: person?.name ?? '',
      county,
      year,
      from,
      to,
      totalMinutes,
      hours: hoursText(totalMinutes),
      shifts: counted.length,
      sites: [...perSite.values()].sort((a, b) => b.minutes - a.minutes).map((r) => ({ ...r, hours: hoursText(r.minutes) })),
      trainings: trainings.filter((t) => within(t.day)).sort((a, b) => a.day.localeCompare(b.day)).map((t) => ({ title: t.title, day: t.day })),
      activities: acts
        .filter((a) => within(a.day))
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((a) => ({ theme: a.theme, kindLabel: ACTIVITY_KIND_LABELS[a.kind], day: a.day, siteName: a.siteName })),
      issuedOn: today,
      years,
    };
    await audit(ctx, { op: 'read', target: { kind: 'volunteer', id: personId } });
    return view;
  },
});
