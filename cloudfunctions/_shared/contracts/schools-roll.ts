/**
 * The termly roll check (定期排查; docs/schools.md "Termly roll check"), part of the `schools`
 * action table. Policy §二(三): "全面落实控辍保学 … 辍学学生登记、劝返复学、定期排查制度".
 *
 * Every term a school uploads its roll (学籍名单, .xlsx or .csv) with the census import's
 * experience — a job driven by polling, progress, an error report, resumable — and the system
 * lists
 * - registered left-behind children of compulsory-school age linked to the school who are on no
 *   roll of the term (this school's or another's): the ones to look for (劝返 if out of school);
 * - children the roll marks 留守 who are not in the registry: the villages should register them;
 * - registered children on this roll whose file is linked to no school or another school.
 *
 * Terms: `YYYY-spring` (February–July) and `YYYY-autumn` (August–January, of the year it starts),
 * on the Asia/Shanghai calendar day of the upload. A later roll of the same school and term
 * replaces the earlier one in the comparison.
 */
import { z } from 'zod';
import { returns } from './define';
import { fields } from './fields';

/** Limits of the roll check. */
export const ROLL_LIMITS = {
  /** Largest roll accepted (bytes): a county's biggest school is a few thousand pupils. */
  maxBytes: 2 * 1024 * 1024,
  /** Rows per listing of a result (the page pages through them). */
  pageRows: 50,
} as const;

export const ROLL_STATUSES = ['running', 'done'] as const;
export type RollStatus = (typeof ROLL_STATUSES)[number];

/** A term: `2026-autumn`. */
export type TermId = `${number}-${'spring' | 'autumn'}`;

/** The term a calendar day (`YYYY-MM-DD`, Asia/Shanghai) falls in: Feb–Jul spring, Aug–Jan autumn. */
export function termOf(day: string): TermId {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (m >= 2 && m <= 7) return `${y}-spring`;
  return m === 1 ? `${y - 1}-autumn` : `${y}-autumn`;
}

/** `2026年秋季学期`. */
export function termLabel(term: string): string {
  const [y, half] = term.split('-');
  return `${y}年${half === 'spring' ? '春季' : '秋季'}学期`;
}

/** What one roll row came to. */
export const ROLL_ROW_OUTCOMES = ['accepted', 'rejected'] as const;
export type RollRowOutcome = (typeof ROLL_ROW_OUTCOMES)[number];

/** The lists a finished check gives (each paged: `rollCheckResult` with `list` and `skip`). */
export const ROLL_RESULT_LISTS = ['notOnRoll', 'unregistered', 'onOtherRoll', 'unlinked', 'noIdNumber'] as const;
export type RollResultList = (typeof ROLL_RESULT_LISTS)[number];
export const ROLL_RESULT_LABELS: Record<RollResultList, string> = {
  notOnRoll: '在册适龄儿童不在任何学籍名单中',
  unregistered: '名单中的留守儿童未登记',
  onOtherRoll: '在其他学校的名单中',
  unlinked: '在本校名单中但档案未关联本校',
  noIdNumber: '档案没有身份证号，无法比对',
};

/** A file- or sheet-level problem of a roll (`error`: the roll is not used for the check). */
export interface RollProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  sheet?: string;
}

/** A roll check job (collection `rollChecks`, `_id` from the SHA-256 of the file content). */
export interface RollCheckDoc {
  _id: string;
  sha256: string;
  fileID?: string;
  fileDeleted?: boolean;
  fileName: string;
  schoolId: string;
  /** The school's place (township or village code): township staff and the county reach the check through it. */
  regionCode: string;
  countyCode: string;
  townshipCode: string;
  term: TermId;
  /** The day of the upload (Asia/Shanghai). */
  checkedOn: string;
  status: RollStatus;
  /** Child rows of the roll; set once the file is read. */
  total?: number;
  done: number;
  counts: { accepted: number; rejected: number; skipped: number; leftBehind: number; registered: number };
  problems: RollProblem[];
  /** The roll could not be used (an error in the file or a sheet): nothing is compared. */
  refused?: boolean;
  leaseUntilMs: number;
  leaseId?: string;
  readAttempts?: number;
  createdBy?: string;
  createdAt: Date;
  finishedAt?: Date;
}

/** One child row of a roll (collection `rollCheckRows`, `_id` = `<jobId>-<seq>`). */
export interface RollRowDoc {
  _id: string;
  jobId: string;
  seq: number;
  term: TermId;
  countyCode: string;
  schoolId: string;
  sheet: string;
  /** 1-based worksheet row. */
  row: number;
  outcome: RollRowOutcome;
  /** Why rejected / what to check, in Chinese, naming the field. */
  messages: string[];
  name?: string;
  /** Keyed hash of the ID number (the registry's `idNumber.h`; no plaintext at rest). */
  idHash?: string;
  grade?: string;
  className?: string;
  studentNumber?: string;
  /** The roll marks the pupil 留守儿童 (undefined: the roll says nothing). */
  leftBehind?: boolean;
  /** The registry child with this ID number, when there is one. */
  childId?: string;
  /** That child's school link when the row was read. */
  childSchoolId?: string;
}

/** Progress of a roll check, as the upload page polls it. */
export interface RollProgress {
  jobId: string;
  status: RollStatus;
  fileName: string;
  term: TermId;
  termLabel: string;
  total?: number;
  done: number;
  counts: RollCheckDoc['counts'];
  problems: RollProblem[];
  refused: boolean;
  /** This file was uploaded before (same content): its check is returned. */
  reused?: boolean;
  /** Another caller holds the lease; poll again after this many ms. */
  busy?: boolean;
  retryAfterMs?: number;
}

/** A check as the school's list shows it. */
export interface RollCheckItem extends RollProgress {
  checkedOn: string;
  /** The newest finished, usable check of the school in its term (the one compared). */
  current: boolean;
}

/** The roll checks of a school. */
export interface RollChecksView {
  school: { id: string; name: string };
  term: TermId;
  termLabel: string;
  checks: RollCheckItem[];
  canUpload: boolean;
}

/** A registered child the check lists. */
export interface RollChildItem {
  childId: string;
  name: string;
  place: string;
  age?: number;
  /** Open dropout case, when there is one. */
  caseId?: string;
  /** The school whose roll has the child (notOnRoll: none; unlinked: this one). */
  note?: string;
}

/** A roll row the check lists (not in the registry). */
export interface RollRowItem {
  sheet: string;
  row: number;
  name: string;
  grade?: string;
  className?: string;
}

/** A finished check's comparison. */
export interface RollResultView {
  check: RollCheckItem;
  schoolName: string;
  /** The comparison is made against the rolls of the term finished so far (other schools may not have uploaded). */
  rollsOfTerm: number;
  schoolsOfCounty: number;
  notOnRoll: RollChildItem[];
  /** Registered children linked to the school found on another school's roll this term. */
  onOtherRoll: RollChildItem[];
  /** Registered children linked to the school without an ID number: cannot be compared. */
  noIdNumber: RollChildItem[];
  unregistered: RollRowItem[];
  unlinked: RollChildItem[];
  /** The roll has no 是否留守儿童 column: unregistered left-behind children cannot be found. */
  noLeftBehindColumn: boolean;
  /**
   * How many each list holds in all. The lists carry one page each: without `list`, the first
   * `limit` of every list; with `list`, that list's page from `skip` and the others empty.
   */
  totals: Record<RollResultList, number>;
}

const id = z.string().min(1).max(120).meta({ title: '编号' });
const schoolIdField = z.string().min(1).max(120).meta({ title: '学校' });

/** The roll check's actions (merged into `schoolsContract`). */
export const rollActions = {
  rollSlot: {
    summary: '定期排查：为学籍名单分配一次性上传位置（该校人员本人；startRollCheck 只收这个位置里的文件）',
    input: () => z.object({ schoolId: schoolIdField, fileName: fields.freeText('文件名', { max: 200, multiline: false }) }).strict(),
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  startRollCheck: {
    summary: '定期排查：学校上传本学期学籍名单（已上传到云存储），开始比对；同一文件重复上传返回首次结果（学校人员、县民政局管理员）',
    input: () => z
      .object({
        fileID: fields.fileId('学籍名单文件'),
        fileName: fields.freeText('文件名', { max: 200, multiline: false }),
        schoolId: schoolIdField,
      })
      .strict(),
    output: returns<RollProgress>(),
  },
  advanceRollCheck: {
    summary: '定期排查：继续读取学籍名单的下一批行并返回进度（上传页轮询）',
    input: () => z.object({ jobId: id }).strict(),
    output: returns<RollProgress>(),
  },
  listRollChecks: {
    summary: '定期排查：一所学校各学期上传的学籍名单及比对状态',
    input: () => z.object({ schoolId: schoolIdField.optional() }).strict(),
    output: returns<RollChecksView>(),
  },
  rollCheckResult: {
    summary: '定期排查结果：在册适龄儿童未在任何学籍名单中、名单中的留守儿童未登记、档案未关联本校（每个名单分页）',
    input: () => z
      .object({
        jobId: id,
        list: z.enum(ROLL_RESULT_LISTS).optional().meta({ title: '名单' }),
        skip: z.number().int().min(0).max(100_000).default(0).meta({ title: '跳过条数' }),
        limit: z.number().int().min(1).max(200).default(ROLL_LIMITS.pageRows).meta({ title: '每页条数' }),
      })
      .strict(),
    output: returns<RollResultView>(),
  },
  rollErrorReport: {
    summary: '定期排查：下载学籍名单的错误报告（每个未能读取的行及原因）',
    input: () => z.object({ jobId: id }).strict(),
    output: returns<{ fileName: string; rows: number; base64: string }>(),
  },
} as const;
