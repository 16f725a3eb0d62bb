/**
 * The termly roll check's actions (定期排查; docs/schools.md "Termly roll check"). Policy §二(三):
 * "全面落实控辍保学目标责任制 … 辍学学生登记、劝返复学、定期排查制度".
 *
 * Who: the school's own staff (学校工作人员, 教师) and the county admin upload and drive a check;
 * they and the township staff of the school's township read its results. Life teachers are left
 * out (as from dropout cases).
 */
import { action } from '../../../_shared/router';
import { AppError } from '../../../_shared/errors';
import { type ExampleWorld, type RoleName, type TargetSpec } from '../../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../../_shared/db';
import { shanghaiDay } from '../../../_shared/time';
import { claimSlot, issueSlots } from '../../../_shared/upload-slots';
import { errorReportXlsx } from '../../../_shared/sheets/report';
import type { ActionContext } from '../../../_shared/context';
import { schoolsContract, termLabel, termOf, type RollCheckDoc, type RollChecksView, type RollRowDoc, type SchoolDoc } from '../../../_shared/contracts/schools';
import { CASE_ROLES, S, holdsRegion, schoolIdsOf } from '../common';
import { ROLL, advanceCheck, rowIdOf, startCheck } from './job';
import { checkItem, currentChecks, pageOf, rollResult } from './result';

const A = schoolsContract.actions;

/** Who uploads a roll: the school's staff and teachers, and the county admin for any school of the county. */
export const ROLL_UPLOAD_ROLES: readonly RoleName[] = ['schoolStaff', 'teacher', 'countyAdmin'];
/** Who reads a check: the uploaders and the township staff of the school's township. */
export const ROLL_READ_ROLES: readonly RoleName[] = CASE_ROLES;

/** Where a check sits for access: its school and the school's place. */
function checkTarget<I>(id: (input: I) => string): TargetSpec<I, RollCheckDoc> {
  return { kind: 'rollCheck', collection: ROLL.checks, id, scopeOf: (c) => ({ regionCode: c.regionCode, schoolIds: [c.schoolId] }) };
}

/** True when the caller's bindings of `roles` reach `school` (its own school, or a region holding it). */
function reachesSchool(ctx: ActionContext, roles: readonly RoleName[], school: SchoolDoc): boolean {
  return schoolIdsOf(ctx.actor?.bindings ?? [], roles).includes(school._id) || holdsRegion(ctx, roles, school.regionCode);
}

/** A finished check of the example side's school (access matrix). */
async function exampleCheck(w: ExampleWorld): Promise<{ jobId: string }> {
  const day = shanghaiDay(w.now);
  const jobId = await w.insert(ROLL.checks, {
    _id: `roll_example_${w.unique()}`,
    sha256: w.unique(),
    fileName: '示例学籍名单.xlsx',
    fileDeleted: true,
    schoolId: w.side.schoolId,
    regionCode: w.side.townshipCode,
    countyCode: w.side.countyCode,
    townshipCode: w.side.townshipCode,
    term: termOf(day),
    checkedOn: day,
    status: 'done',
    total: 1,
    done: 1,
    counts: { accepted: 0, rejected: 1, skipped: 0, leftBehind: 0, registered: 0 },
    problems: [],
    leaseUntilMs: 0,
    createdAt: w.now,
  });
  const row: RollRowDoc = {
    _id: rowIdOf(jobId, 0),
    jobId,
    seq: 0,
    term: termOf(day),
    countyCode: w.side.countyCode,
    schoolId: w.side.schoolId,
    sheet: 'Sheet1',
    row: 3,
    outcome: 'rejected',
    messages: ['身份证号：未填写，无法比对'],
  };
  await w.insert(ROLL.rows, row as unknown as Record<string, unknown>);
  return { jobId };
}

/** The task a roll slot is handed out for: this school's roll. */
const rollTask = (schoolId: string): string => `roll:${schoolId}`;

export const rollSlot = action(A.rollSlot, {
  access: { roles: ROLL_UPLOAD_ROLES, dataScope: 'handler' },
  example: (w) => ({ schoolId: w.side.schoolId, fileName: '学籍名单.xlsx' }),
  /**
   * Hands the caller a one-time slot to upload this school's roll (定期排查, policy §二(三)):
   * `schools/rolls/<caller's folder>/<slot id>/<file name>` (`/` and `\` in the name become `_`),
   * valid for a day. `startRollCheck` takes a roll only from a slot handed to the caller for this school.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }`
   * @throws NOT_FOUND for an unknown school; FORBIDDEN for a school the caller does not reach
   */
  handler: async (input, ctx) => {
    const school = await getDoc<SchoolDoc>(dbOf(ctx), S.schools, input.schoolId);
    if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
    if (!reachesSchool(ctx, ROLL_UPLOAD_ROLES, school)) throw new AppError('FORBIDDEN');
    return { slots: await issueSlots(ctx, 'schoolRoll', rollTask(school._id), `/${input.fileName.replace(/[\\/]/g, '_')}`) };
  },
});

export const startRollCheck = action(A.startRollCheck, {
  access: { roles: ROLL_UPLOAD_ROLES, dataScope: 'handler' },
  example: (w) => ({ fileID: `cloud://${w.envId}.example/schools/rolls/${w.unique()}.xlsx`, fileName: '学籍名单.xlsx', schoolId: w.side.schoolId }),
  /**
   * Starts the term's check of a school's roll (the file is in storage, uploaded by the caller).
   * The term comes from today's date (Asia/Shanghai): Feb–Jul spring, Aug–Jan autumn.
   * @returns progress (`reused` when the same file content was uploaded before: its check)
   * @throws NOT_FOUND for an unknown school; FORBIDDEN for a school the caller does not reach;
   *   UPLOAD_NOT_OWN / UPLOAD_WRONG_SLOT for a file not from a slot `rollSlot` handed the caller for this school; VALIDATION_FAILED (学籍名单文件) for a
   *   file over 2 MB; CONFLICT when another school uploaded the same file
   */
  handler: async (input, ctx) => {
    const school = await getDoc<SchoolDoc>(dbOf(ctx), S.schools, input.schoolId);
    if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
    if (!reachesSchool(ctx, ROLL_UPLOAD_ROLES, school)) throw new AppError('FORBIDDEN');
    await claimSlot(ctx, input.fileID, 'schoolRoll', rollTask(school._id), rollTask(school._id), { field: 'fileID', redo: '请在本机重新选择学籍名单上传' });
    return startCheck(ctx, school, input.fileID, input.fileName);
  },
});

export const advanceRollCheck = action(A.advanceRollCheck, {
  access: { roles: ROLL_UPLOAD_ROLES, target: checkTarget((i: { jobId: string }) => i.jobId), audit: false, breakGlass: false },
  example: exampleCheck,
  /** Checks the next rows (one batch per call, ~1.5 s budget). @returns progress; `busy` when another poller holds the lease */
  handler: async (input, ctx) => advanceCheck(ctx, input.jobId),
});

export const listRollChecks = action(A.listRollChecks, {
  access: { roles: ROLL_READ_ROLES, dataScope: 'handler' },
  example: (w) => ({ schoolId: w.side.schoolId }),
  /**
   * The checks of a school (newest first, the last 20), with the term's current one marked. A
   * school's own people may leave `schoolId` out (their school).
   * @throws NOT_FOUND for an unknown school (or none bound); FORBIDDEN for a school the caller does not reach
   */
  handler: async (input, ctx): Promise<RollChecksView> => {
    const db = dbOf(ctx);
    const schoolId = input.schoolId ?? schoolIdsOf(ctx.actor?.bindings ?? [], ROLL_READ_ROLES)[0];
    const school = schoolId ? await getDoc<SchoolDoc>(db, S.schools, schoolId) : undefined;
    if (!school) throw new AppError('NOT_FOUND', '没有找到这所学校');
    if (!reachesSchool(ctx, ROLL_READ_ROLES, school)) throw new AppError('FORBIDDEN');
    const term = termOf(shanghaiDay(ctx.now()));
    const res = await db.collection(ROLL.checks).where({ schoolId: school._id }).orderBy('createdAt', 'desc').limit(20).get();
    const checks = (res.data ?? []) as RollCheckDoc[];
    const terms = [...new Set(checks.map((c) => c.term))];
    const current = new Map<string, RollCheckDoc>();
    for (const t of terms) {
      const c = (await currentChecks(db, school.countyCode, t)).get(school._id);
      if (c) current.set(`${t}`, c);
    }
    return {
      school: { id: school._id, name: school.name },
      term,
      termLabel: termLabel(term),
      checks: checks.map((c) => checkItem(c, new Map(current.has(c.term) ? [[c.schoolId, current.get(c.term)!]] : []))),
      canUpload: reachesSchool(ctx, ROLL_UPLOAD_ROLES, school),
    };
  },
});

export const rollCheckResult = action(A.rollCheckResult, {
  access: { roles: ROLL_READ_ROLES, target: checkTarget((i: { jobId: string }) => i.jobId), audit: 'read', breakGlass: false },
  example: exampleCheck,
  /**
   * The comparison of a finished check (result.ts), paged: each list's total, and the first
   * `limit` (default 50) of every list, or with `list` that list's page from `skip`; a check
   * still running answers CONFLICT, a refused roll (an error in the file) answers its problems
   * with empty lists.
   * @throws CONFLICT while the roll is still being read
   */
  handler: async (input, ctx) => {
    const job = ctx.grant!.target!.doc as RollCheckDoc;
    if (job.status !== 'done') throw new AppError('CONFLICT', '学籍名单还在读取中，请等读取完成后再查看结果');
    return pageOf(await rollResult(ctx, job, ctx.grant!.role), input);
  },
});

export const rollErrorReport = action(A.rollErrorReport, {
  access: { roles: ROLL_READ_ROLES, target: checkTarget((i: { jobId: string }) => i.jobId), audit: 'export', breakGlass: false },
  example: exampleCheck,
  /** The error report workbook (xlsx, base64): one line per refused row with its reasons, then the file's problems. */
  handler: async (input, ctx) => {
    const job = ctx.grant!.target!.doc as RollCheckDoc;
    const rows = await fetchAll<RollRowDoc>(dbOf(ctx).collection(ROLL.rows).where({ jobId: input.jobId, outcome: 'rejected' }), 100_000);
    rows.sort((a, b) => a.seq - b.seq);
    const bytes = await errorReportXlsx(rows.map((r) => ({ file: job.fileName, sheet: r.sheet, row: r.row, name: r.name, messages: r.messages })), job.problems);
    ctx.auditExtra = { count: rows.length };
    return { fileName: `学籍名单错误报告-${job.fileName.replace(/\.[^.]+$/, '')}.xlsx`, rows: rows.length, base64: bytes.toString('base64') };
  },
});

