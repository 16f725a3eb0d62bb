/**
 * The comparison of a finished roll check (docs/schools.md "Termly roll check"), made when it is
 * read, against the rolls of the term as they stand then (other schools upload over weeks):
 * - notOnRoll: registered children (在册) of compulsory-school age today linked to the school
 *   whose ID number is on no current roll of the term in the county;
 * - onOtherRoll: such children found on another school's roll (moved school: relink);
 * - noIdNumber: such children whose file has no ID number (cannot be compared: complete the file);
 * - unregistered: pupils this roll marks 留守 who are in no child file of the county;
 * - unlinked: registered children on this roll whose file is linked to no school or another.
 * The current roll of a school in a term is its newest finished check without errors.
 */
import { dbOf, fetchAll, type Db } from '../../../_shared/db';
import { shanghaiDay } from '../../../_shared/time';
import type { RoleName } from '../../../_shared/access';
import type { ActionContext } from '../../../_shared/context';
import type { ChildDoc } from '../../../_shared/contracts/registry';
import { ROLL_RESULT_LISTS, type RollCheckDoc, type RollCheckItem, type RollChildItem, type RollResultList, type RollResultView, type RollRowDoc } from '../../../_shared/contracts/schools';
import { S, ageOnDayOf, childNameAs, ofCompulsoryAge, placeCodes, placeOf, regionNames, schoolsById } from '../common';
import { ROLL, progressOf } from './job';

type RegChild = Pick<ChildDoc, '_id' | 'name' | 'birthDate' | 'villageCode' | 'status' | 'schoolId'> & { idNumber?: { h?: string } };

/** The current (newest finished, usable) check of each school of a county in a term. */
export async function currentChecks(db: Db, countyCode: string, term: string): Promise<Map<string, RollCheckDoc>> {
  const done = await fetchAll<RollCheckDoc>(
    db.collection(ROLL.checks).where({ countyCode, term, status: 'done' }).field({ _id: true, schoolId: true, createdAt: true, refused: true, total: true }),
    5000,
  );
  const out = new Map<string, RollCheckDoc>();
  for (const c of done) {
    if (c.refused || !c.total) continue;
    const prev = out.get(c.schoolId);
    if (!prev || new Date(prev.createdAt).getTime() < new Date(c.createdAt).getTime()) out.set(c.schoolId, c);
  }
  return out;
}

/** A check as a list item, `current` when it is its school's current roll. */
export function checkItem(job: RollCheckDoc, current: Map<string, RollCheckDoc>): RollCheckItem {
  return { ...progressOf(job), checkedOn: job.checkedOn, current: current.get(job.schoolId)?._id === job._id };
}

/**
 * One page of a comparison: every list's total, and the page asked for — the first `limit` of each
 * list, or with `list` that list from `skip` (the others empty).
 */
export function pageOf(view: RollResultView, page: { list?: RollResultList; skip: number; limit: number }): RollResultView {
  const out: RollResultView = { ...view, totals: { ...view.totals } };
  for (const key of ROLL_RESULT_LISTS) {
    const all = view[key] as unknown[];
    out.totals[key] = all.length;
    const from = page.list ? (page.list === key ? page.skip : all.length) : 0;
    (out as unknown as Record<string, unknown[]>)[key] = all.slice(from, from + page.limit);
  }
  return out;
}

/** Builds the comparison of a finished check as `role` may see it (every list whole; `pageOf` pages it). */
export async function rollResult(ctx: ActionContext, job: RollCheckDoc, role: RoleName): Promise<RollResultView> {
  const db = dbOf(ctx);
  const _ = db.command;
  const today = shanghaiDay(ctx.now());
  const [current, schools, schoolCount] = await Promise.all([
    currentChecks(db, job.countyCode, job.term),
    schoolsById(db, [job.schoolId]),
    db.collection(S.schools).where({ countyCode: job.countyCode }).count(),
  ]);
  const view: RollResultView = {
    check: checkItem(job, current),
    schoolName: schools.get(job.schoolId)?.name ?? '学校',
    rollsOfTerm: current.size,
    schoolsOfCounty: schoolCount.total ?? 0,
    notOnRoll: [],
    onOtherRoll: [],
    noIdNumber: [],
    unregistered: [],
    unlinked: [],
    noLeftBehindColumn: job.problems.some((p) => p.code === 'NO_LEFT_BEHIND_COLUMN'),
    totals: { notOnRoll: 0, unregistered: 0, onOtherRoll: 0, unlinked: 0, noIdNumber: 0 },
  };
  if (job.status !== 'done' || job.refused) return view;

  // Registered children of school age linked to the school.
  const linked = (
    await fetchAll<RegChild>(db.collection(S.children).where({ schoolId: job.schoolId }).field({ _id: true, name: true, birthDate: true, villageCode: true, status: true, schoolId: true, 'idNumber.h': true }), 20_000)
  ).filter((c) => c.status !== 'left' && ofCompulsoryAge(c.birthDate, today));
  const hashes = [...new Set(linked.map((c) => c.idNumber?.h).filter((h): h is string => !!h))];
  const currentIds = new Set([...current.values()].map((c) => c._id));
  const onRolls = new Map<string, string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = await fetchAll<Pick<RollRowDoc, 'idHash' | 'jobId' | 'schoolId'>>(
      db.collection(ROLL.rows).where({ idHash: _.in(hashes.slice(i, i + 500)), term: job.term, outcome: 'accepted' }).field({ idHash: true, jobId: true, schoolId: true }),
      20_000,
    );
    for (const r of rows) {
      if (!r.idHash || !currentIds.has(r.jobId)) continue;
      // This school's roll wins over another's: the child is where it is linked.
      if (r.schoolId === job.schoolId || !onRolls.has(r.idHash)) onRolls.set(r.idHash, r.schoolId);
    }
  }

  // This roll's rows: unregistered left-behind pupils and registered children not linked here.
  const own = await fetchAll<RollRowDoc>(db.collection(ROLL.rows).where({ jobId: job._id, outcome: 'accepted' }), 20_000);
  own.sort((a, b) => a.seq - b.seq);
  const matched = own.filter((r) => r.childId);
  const matchedChildren = matched.length
    ? await fetchAll<RegChild>(db.collection(S.children).where({ _id: _.in([...new Set(matched.map((r) => r.childId!))]) }).field({ _id: true, name: true, birthDate: true, villageCode: true, status: true, schoolId: true }), 20_000)
    : [];
  const unlinked = matchedChildren.filter((c) => c.schoolId !== job.schoolId && c.status !== 'left');

  const otherSchools = await schoolsById(db, [...onRolls.values(), ...unlinked.map((c) => c.schoolId ?? '')]);
  const listed = [...linked, ...unlinked];
  const [names, cases] = await Promise.all([
    regionNames(db, placeCodes(listed.map((c) => c.villageCode))),
    listed.length
      ? fetchAll<{ _id: string; childId: string }>(db.collection(S.cases).where({ childId: _.in(listed.map((c) => c._id)), status: 'open' }).field({ _id: true, childId: true }), 5000)
      : Promise.resolve([]),
  ]);
  const caseOf = new Map(cases.map((c) => [c.childId, c._id]));
  const item = (c: RegChild, note?: string): RollChildItem => {
    const age = ageOnDayOf(c.birthDate, today);
    return {
      childId: c._id,
      name: childNameAs(c.name, role),
      place: placeOf(c.villageCode, names),
      ...(age !== undefined ? { age } : {}),
      ...(caseOf.has(c._id) ? { caseId: caseOf.get(c._id) } : {}),
      ...(note ? { note } : {}),
    };
  };
  const byName = (a: RegChild, b: RegChild) => a.villageCode.localeCompare(b.villageCode) || a.name.localeCompare(b.name, 'zh');
  for (const c of [...linked].sort(byName)) {
    const h = c.idNumber?.h;
    if (!h) view.noIdNumber.push(item(c, '档案中没有身份证号，无法比对：请补全档案'));
    else if (!onRolls.has(h)) view.notOnRoll.push(item(c, '不在本学期任何已上传的学籍名单中：请核实是否辍学或转学'));
    else if (onRolls.get(h) !== job.schoolId) view.onOtherRoll.push(item(c, `在${otherSchools.get(onRolls.get(h)!)?.name ?? '其他学校'}的名单中：请关联到该校`));
  }
  for (const c of [...unlinked].sort(byName)) {
    view.unlinked.push(item(c, c.schoolId ? `档案关联的是${otherSchools.get(c.schoolId)?.name ?? '其他学校'}` : '档案未关联学校'));
  }
  view.unregistered = own
    .filter((r) => r.leftBehind && !r.childId)
    .map((r) => ({
      sheet: r.sheet,
      row: r.row,
      name: r.name ? childNameAs(r.name, role) : `第${r.row}行`,
      ...(r.grade ? { grade: r.grade } : {}),
      ...(r.className ? { className: r.className } : {}),
    }));
  return view;
}
