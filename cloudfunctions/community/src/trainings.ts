/**
 * Volunteer trainings (policy §二(四): 每个乡镇每年至少开展2次志愿者培训): township staff or the
 * county register a training, show its rotating attendance code (the same scheme as a site's
 * check-in code, its own key: `SWT1.…`), and each volunteer who scans it is recorded once.
 * The board counts trainings this year per township against two (`_shared/indicators/community.ts`).
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionContains } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import { shanghaiDay } from '../../_shared/time';
import { COMMUNITY_LIMITS, TRAININGS_PER_YEAR, communityContract, type AttendanceDoc, type TrainingDoc, type TrainingView, type TrainingsView } from '../../_shared/contracts/community';
import { MANAGERS, areaFor, manages, personOf, regionName, regionNames } from './common';
import { codeFor, verifyCode, windowEnd, windowOf } from './checkin';

const A = communityContract.actions;
const TRAININGS = 'trainings';
const ATTENDANCE = 'trainingAttendance';

function trainingView(t: TrainingDoc, names: Map<string, string>): TrainingView {
  return { trainingId: t._id, title: t.title, day: t.day, place: t.place, township: regionName(t.townshipCode, names), attendees: t.attendees };
}

export const trainings = action(A.trainings, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * This calendar year's trainings (Asia/Shanghai year of today) of the caller's township, or of
   * the county (or one township asked for), newest first, with each township's count against
   * `TRAININGS_PER_YEAR`. No personal data.
   * @throws FORBIDDEN outside the caller's area
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const area = areaFor(ctx, input.regionCode);
    const countyCode = area.slice(0, 6);
    const year = shanghaiDay(ctx.now()).slice(0, 4);
    const _ = db.command;
    const [names, docs] = await Promise.all([
      regionNames(db, countyCode),
      fetchAll<TrainingDoc>(db.collection(TRAININGS).where({ countyCode, day: _.gte(`${year}-01-01`).and(_.lte(`${year}-12-31`)) }), 5000),
    ]);
    const mine = docs.filter((t) => regionContains(area, t.townshipCode)).sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
    const townshipCodes = [...names.keys()].filter((c) => c.length === 9 && regionContains(area, c)).sort();
    const view: TrainingsView = {
      region: regionName(area, names),
      year,
      required: TRAININGS_PER_YEAR,
      townships: townshipCodes.map((c) => ({ township: regionName(c, names), held: mine.filter((t) => t.townshipCode === c).length })),
      trainings: mine.map((t) => trainingView(t, names)),
      places: townshipCodes.filter((c) => manages(ctx, c)).map((c) => regionName(c, names)),
    };
    return view;
  },
});

export const saveTraining = action(A.saveTraining, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ title: '志愿者关爱技能培训', day: '2026-06-01', place: '镇政府三楼会议室', townshipCode: w.side.townshipCode }),
  /**
   * Registers a training held by a township of the caller's area. Audited as a write.
   * @throws FORBIDDEN for a township outside the caller's area
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    if (!manages(ctx, input.townshipCode)) throw new AppError('FORBIDDEN', '该乡镇不在您的管辖范围内');
    const doc: TrainingDoc = {
      _id: `tr-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
      countyCode: input.townshipCode.slice(0, 6),
      townshipCode: input.townshipCode,
      title: input.title,
      day: input.day,
      place: input.place,
      attendees: 0,
      createdBy: personOf(ctx),
      createdAt: ctx.now(),
    };
    await db.collection(TRAININGS).add(doc);
    await audit(ctx, { op: 'write', target: { kind: 'training', id: doc._id }, regionCode: doc.townshipCode });
    return trainingView(doc, await regionNames(db, doc.countyCode));
  },
});

export const trainingCode = action(A.trainingCode, {
  access: {
    roles: MANAGERS,
    target: { kind: 'training', collection: TRAININGS, id: (i: { trainingId: string }) => i.trainingId, scopeOf: (d: TrainingDoc) => ({ regionCode: d.townshipCode }) },
    audit: false,
  },
  example: async (w) => ({
    trainingId: await w.insert('trainings', { countyCode: w.side.countyCode, townshipCode: w.side.townshipCode, title: '示例培训', day: '2026-06-01', place: '镇政府', attendees: 0, createdBy: 'x', createdAt: w.now }),
  }),
  /** The training's attendance code for this minute (the organiser's page asks again every 20 s). Not audited. */
  handler: async (_input, ctx) => {
    const t = ctx.grant!.target!.doc as TrainingDoc;
    const now = ctx.now();
    return { trainingId: t._id, title: t.title, code: codeFor(t._id, windowOf(now), 'training'), refreshAt: windowEnd(now), windowSeconds: COMMUNITY_LIMITS.codeWindowSeconds };
  },
});

export const attendTraining = action(A.attendTraining, {
  access: { roles: ['volunteer'] },
  example: async (w) => {
    const id = await w.insert('trainings', { countyCode: w.side.countyCode, townshipCode: w.side.townshipCode, title: '示例培训', day: '2026-06-01', place: '镇政府', attendees: 0, createdBy: 'x', createdAt: w.now });
    return { code: codeFor(id, windowOf(w.now), 'training') };
  },
  /**
   * A volunteer scans a training's current code and is recorded as attending (once: scanning
   * again says so). Audited as a write.
   * @throws CODE_INVALID (also a site's code), CODE_EXPIRED
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const trainingId = verifyCode(input.code, ctx.now(), 'training');
    const t = await getDoc<TrainingDoc>(db, TRAININGS, trainingId);
    if (!t) throw new AppError('CODE_INVALID', '这不是有效的培训签到码');
    const personId = ctx.actor!.personId!;
    const att: AttendanceDoc = { _id: `${trainingId}:${personId}`, trainingId, personId, townshipCode: t.townshipCode, at: ctx.now() };
    let alreadyRecorded = false;
    try {
      await db.collection(ATTENDANCE).add(att);
    } catch {
      if (!(await getDoc(db, ATTENDANCE, att._id))) throw new AppError('INTERNAL');
      alreadyRecorded = true;
    }
    if (!alreadyRecorded) {
      await db.collection(TRAININGS).doc(trainingId).update({ attendees: db.command.inc(1) });
      await audit(ctx, { op: 'write', target: { kind: 'trainingAttendance', id: att._id }, regionCode: t.townshipCode });
    }
    return { trainingId, title: t.title, day: t.day, alreadyRecorded };
  },
});
