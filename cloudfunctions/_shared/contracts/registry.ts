/**
 * The `registry` function's action table (docs/registry.md): child files, census import jobs,
 * the county summary and census coverage — inputs, the views it answers with, and (re-exported
 * from registry-model.ts) the data model, value sets and labels.
 *
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`; instants are UTC `Date`s (ISO strings on
 * the wire).
 */
import { z } from 'zod';
import { defineContract, returns } from './define';
import { fields } from './fields';
import { keyedValues } from '../issues';
import { GENDERS, GUARDIANSHIP_TYPES, HEALTH_STATUSES, SCHOOLING_STATUSES, type Gender } from './census';
import {
  EDITABLE_FIELDS,
  FOCUS_FLAGS,
  LEFT_REASONS,
  RISK_LEVELS,
  type ChildDoc,
  type ChildStatus,
  type FieldChange,
  type FocusFlag,
  type HistoryOp,
  type ImportProgress,
  type ImportRowDoc,
  type RiskLevel,
  type SummaryCheck,
  type SummaryRow,
} from './registry-model';

export * from './registry-model';

// ---------------------------------------------------------------------------------------------
// Input fragments

export const idSchema = z.string().min(1).max(80).meta({ title: '编号' });
export const regionCodeSchema = z.string().regex(/^\d{6}(\d{3}){0,2}$/, '区划代码须为6、9或12位数字');
export const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const reasonSchema = fields.freeText('修改原因', { min: 2, max: 200, multiline: false });
export const pageSchema = {
  skip: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(200).default(50),
};
const childIdInput = { childId: idSchema };
const jobIdInput = z.object({ jobId: idSchema }).strict();

/** `updateChild.changes`: dotted path → new value (`null` clears), each checked by EDITABLE_FIELDS. */
const changesSchema = z
  .record(z.string(), keyedValues(EDITABLE_FIELDS))
  .superRefine((obj, c) => {
    for (const [path, value] of Object.entries(obj)) {
      const schema = (EDITABLE_FIELDS as Record<string, z.ZodType>)[path];
      if (!schema) {
        c.addIssue({ code: 'custom', path: [path], message: `不能修改的字段：${path}` });
        continue;
      }
      if (value === null) continue;
      const r = schema.safeParse(value);
      // Keep the field check's stable code (params.code) so the failure names what is wrong.
      if (!r.success)
        for (const i of r.error.issues)
          c.addIssue({ code: 'custom', path: [path, ...i.path.map(String)], message: i.message, params: (i as { params?: Record<string, unknown> }).params });
    }
  })
  .transform((obj) => {
    const out: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(obj)) out[path] = value === null ? null : (EDITABLE_FIELDS as Record<string, z.ZodType>)[path].parse(value);
    return out;
  });

/** Rows per chunk of an import job (the cap; tests use smaller chunks). */
export const DEFAULT_CHUNK_ROWS = 5000;
/** The census reference day ages are computed on, unless the import names another. */
export const DEFAULT_CENSUS_DATE = '2026-09-30';

// ---------------------------------------------------------------------------------------------
// County summary columns

/** Partitions of the county summary: each list of columns counts every child exactly once. */
export const PARTITIONS: Record<string, string[]> = {
  age: ['age:0-5', 'age:6-13', 'age:14-15', 'age:unknown'],
  sex: [...GENDERS.map((g) => `sex:${g}`), 'sex:unknown'],
  schooling: [...SCHOOLING_STATUSES.map((s) => `schooling:${s}`), 'schooling:unknown'],
  guardianship: [...GUARDIANSHIP_TYPES.map((g) => `guardianship:${g}`), 'guardianship:unknown'],
  health: [...HEALTH_STATUSES.map((h) => `health:${h}`), 'health:unknown'],
  boarding: ['boarding:yes', 'boarding:no', 'boarding:unknown'],
  risk: RISK_LEVELS.map((r) => `risk:${r}`),
  flagged: ['flags:any', 'flags:none'],
};

/**
 * The column groups of the county summary as pages name them, in table order: each partition of
 * PARTITIONS, then `flag` (the focus flags, columns `flag:*`, which are not a partition).
 */
export const SUMMARY_GROUP_LABELS: Record<string, string> = {
  age: '年龄段',
  sex: '性别',
  schooling: '就学情况',
  guardianship: '监护类型',
  health: '身体状况',
  boarding: '是否寄宿',
  risk: '风险等级',
  flagged: '有无重点标记',
  flag: '重点标记',
};

/** Every summary column, in table order: total, the partitions, then each focus flag (not a partition). */
export const COLUMNS: string[] = ['total', ...Object.values(PARTITIONS).flat(), ...FOCUS_FLAGS.map((f) => `flag:${f}`)];

const summaryInput = z.object({ regionCode: regionCodeSchema.optional(), date: daySchema.optional() }).strict();

// ---------------------------------------------------------------------------------------------
// Views

/**
 * A child file as `role` sees it: the stored fields with sensitive values presented (masked or in
 * full, per the masking table) and masked names, plus what is derived on the day of the call.
 */
export type ChildView = Partial<Omit<ChildDoc<string>, '_id' | 'source' | 'countyCode' | 'townshipCode' | 'villageCode'>> &
  Pick<ChildDoc, 'countyCode' | 'townshipCode' | 'villageCode'> & {
    id: string;
    /** `left` from the day the child aged out, even before the nightly job wrote it. */
    effectiveStatus: ChildStatus;
    effectiveLeftReason?: 'agedOut';
    /** Whole years on the day of the call (undefined without a birth date). */
    age?: number;
    /** No recorded consent to keep the file (accounts.recordConsent). */
    needsConsent: boolean;
    /**
     * Paths of values shown masked that the caller may see in full by giving a reason
     * (`accounts.revealChildField`; masking table `reveal`), e.g. `['idNumber', 'father.phone']`.
     */
    revealable: string[];
  };

/** A row of the children list (masked per role). */
export interface ChildListItem {
  id: string;
  name?: string;
  gender?: Gender;
  age?: number;
  villageCode: string;
  townshipCode: string;
  group?: string;
  riskLevel?: RiskLevel;
  flags: FocusFlag[];
  incomplete: boolean;
  status: ChildStatus;
}

/** A version of a child file as `childHistory` lists it. */
export interface HistoryEntryView {
  id: string;
  at: Date;
  op: HistoryOp;
  role: string;
  kind: 'officer' | 'parent' | 'import' | 'system';
  reason: string;
  changes: FieldChange[];
}

/** A child file after an edit, with what changed (as the caller may see it). */
export interface ChildEdit {
  child: ChildView;
  changes: FieldChange[];
}

/** Coverage of one village in a census campaign. */
export interface CoverageVillageView {
  villageCode: string;
  villageName: string;
  households: number;
  visitedHouseholds: number;
  /**
   * Registered households not yet visited in the campaign. `childNames`: the household's children
   * as the caller may see their names (masking table), so a person can tell the household — given
   * when the request is for one village (the page that lists households), left out otherwise.
   */
  unvisitedHouseholds: { householdId: string; group?: string; childNames?: string[] }[];
  groups: { name: string; visited: boolean }[];
}

/** Census coverage of a region. */
export interface CoverageView {
  campaign?: { id: string; censusDate: string; name: string };
  regionCode: string;
  villages: CoverageVillageView[];
  totals: { households: number; visitedHouseholds: number; groups: number; visitedGroups: number };
}

/** An import row as officers see it (the child's name only for roles that see names in full). */
export type ImportRowView = Omit<ImportRowDoc, '_id' | 'idHash'> & { id: string };

/** The county summary with its cross-checks (勾稽校验). */
export interface SummaryView {
  regionCode: string;
  day: string;
  rows: SummaryRow[];
  checks: SummaryCheck[];
  /** Every cross-check holds. */
  ok: boolean;
  columns: { key: string; label: string }[];
  partitions: Record<string, string[]>;
}

/** A place people pick by name (a township or a village). */
export interface RegionOption {
  code: string;
  name: string;
}

/**
 * The county's townships and their villages, by name, in code order: what a page offers when a
 * person must say where (a referral's township, a report's village) — never a typed code.
 */
export interface RegionTreeView {
  county: RegionOption;
  townships: (RegionOption & { villages: RegionOption[] })[];
}

/** A generated spreadsheet, base64 (the page saves and opens it). */
export interface WorkbookFile {
  fileName: string;
  base64: string;
}

// ---------------------------------------------------------------------------------------------
// The action table

export const registryContract = defineContract('registry', () => ({
  getChild: {
    summary: '查看儿童档案（按角色脱敏；读取留痕）',
    input: () => z.object(childIdInput).strict(),
    output: returns<{ child: ChildView; siblings: { id: string; name?: string }[] }>(),
  },
  updateChild: {
    summary: '修改儿童档案（须填写原因）：字段、重点标记、风险等级调整、退出或恢复在册；每项修改留历史',
    input: () => z
      .object({
        ...childIdInput,
        /** Dotted path → new value (`null` clears), from EDITABLE_FIELDS. */
        changes: changesSchema.default({}),
        /** Officer override of the derived risk level, with its reason; `null` returns to the derived level. */
        riskOverride: z.object({ level: z.enum(RISK_LEVELS), reason: reasonSchema }).strict().nullable().optional(),
        /** The child leaves the active registry. */
        leave: z.object({ reason: z.enum(LEFT_REASONS), on: fields.calendarDate('退出日期').optional() }).strict().optional(),
        /** The child is back in the registry (e.g. the parent left again). */
        reactivate: z.literal(true).optional(),
        /** Why (kept in history and the audit log; never names or numbers). */
        reason: reasonSchema,
        /** The version the officer edited (CONFLICT when someone else changed the file since). */
        expectVersion: z.number().int().min(0).optional(),
      })
      .strict(),
    output: returns<ChildEdit>(),
  },
  updateMyContact: {
    summary: '家长更新本人的务工地点和电话（须为该儿童绑定的父母）',
    input: () => z
      .object({
        ...childIdInput,
        /** Which parent the caller is on this file. */
        parent: z.enum(['father', 'mother']),
        workPlace: fields.freeText('务工地点', { max: 100, multiline: false }).optional(),
        phone: fields.phone('联系电话').optional(),
      })
      .strict()
      .refine((i) => i.workPlace !== undefined || i.phone !== undefined, { message: '请至少填写务工地点或电话', path: ['workPlace'] }),
    output: returns<ChildEdit>(),
  },
  childHistory: {
    summary: '查看儿童档案的修改历史（谁、何时、原值→新值、原因），分页',
    input: () => z.object({ ...childIdInput, ...pageSchema }).strict(),
    output: returns<{ entries: HistoryEntryView[]; hasMore: boolean }>(),
  },
  searchChildren: {
    summary: '搜索儿童档案：姓名（含生僻字）、身份证号、村、重点标记、风险等级、状态；分页',
    input: () => z
      .object({
        name: z.string().trim().min(1).max(30).optional(),
        idNumber: z.string().trim().min(15).max(20).optional(),
        regionCode: regionCodeSchema.optional(),
        flags: z.array(z.enum(FOCUS_FLAGS)).max(5).optional(),
        riskLevel: z.enum(RISK_LEVELS).optional(),
        incomplete: z.boolean().optional(),
        status: z.enum(['active', 'left', 'all']).default('active'),
        ...pageSchema,
      })
      .strict(),
    output: returns<{ children: ChildListItem[]; hasMore: boolean }>(),
  },
  rosterSlot: {
    summary: '为花名册分配一次性上传位置（导入人本人；startImport 只收这个位置里的文件）',
    input: () => z.object({ fileName: fields.freeText('文件名', { max: 200, multiline: false }) }).strict(),
    output: returns<{ slots: Array<{ cloudPath: string; expiresAt: Date }> }>(),
  },
  startImport: {
    summary: '开始导入摸底排查花名册（文件已上传到云存储）；同一文件内容重复导入返回首次结果',
    input: () => z
      .object({
        /** Cloud storage file id of the uploaded roster. */
        fileID: fields.fileId('花名册文件'),
        /** The roster's original file name (`341721-尧渡镇-留守儿童花名册.xlsx`): the town comes from it. */
        fileName: fields.freeText('文件名', { max: 200, multiline: false }),
        /** Region the import is for; default the caller's own. Rows of villages outside it are OUT_OF_SCOPE. */
        regionCode: regionCodeSchema.optional(),
        /** Census reference date (ages are computed on it); default 2026-09-30. */
        censusDate: daySchema.default(DEFAULT_CENSUS_DATE),
        /** Rows per chunk cap (10–5000), default 5000. */
        chunkRows: z.number().int().min(10).max(DEFAULT_CHUNK_ROWS).default(DEFAULT_CHUNK_ROWS),
      })
      .strict(),
    output: returns<ImportProgress>(),
  },
  advanceImport: { summary: '推进导入任务：处理下一批数据行（客户端轮询调用），返回进度', input: () => jobIdInput, output: returns<ImportProgress>() },
  importStatus: { summary: '查看导入任务进度（已处理行数 / 总行数）和结果统计', input: () => jobIdInput, output: returns<ImportProgress>() },
  importRows: {
    summary: '分页查看导入任务的逐行结果（导入、更新、拒绝及原因、跳过）',
    input: () => z
      .object({
        jobId: idSchema,
        outcome: z.enum(['accepted', 'updated', 'rejected', 'skipped']).optional(),
        skip: z.number().int().min(0).max(1_000_000).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: returns<{ rows: ImportRowView[]; hasMore: boolean }>(),
  },
  importErrorReport: {
    summary: '下载导入错误报告（xlsx，每个被拒绝的行一行，原因为中文）',
    input: () => jobIdInput,
    output: returns<WorkbookFile & { rows: number }>(),
  },
  countySummary: {
    summary: '留守儿童汇总表（按乡镇、村；年龄段、性别、就学、监护类型、身体状况、重点标记），含勾稽校验',
    input: () => summaryInput,
    output: returns<SummaryView>(),
  },
  summaryCell: {
    summary: '汇总表下钻：列出某单元格统计到的儿童（分页）',
    input: () => z
      .object({
        regionCode: regionCodeSchema,
        column: z.string().refine((c) => COLUMNS.includes(c), { message: '未知的统计列' }),
        date: daySchema.optional(),
        ...pageSchema,
      })
      .strict(),
    output: returns<{ total: number; children: ChildListItem[]; hasMore: boolean }>(),
  },
  exportSummary: { summary: '导出汇总表（xlsx）', input: () => summaryInput, output: returns<WorkbookFile & { ok: boolean }>() },
  coverage: {
    summary: '摸底排查覆盖情况：各村的村民小组和户是否已走访，列出未走访的组和户',
    input: () => z.object({ regionCode: regionCodeSchema.optional(), campaignId: idSchema.optional() }).strict(),
    output: returns<CoverageView>(),
  },
  markCoverage: {
    summary: '标记某村民小组或某户在本次摸底排查中已走访（或未走访）',
    input: () => z
      .object({
        villageCode: fields.regionCode('村（社区）', { levels: ['village'] }),
        campaignId: idSchema.optional(),
        group: fields.freeText('村民小组', { max: 20, multiline: false }).optional(),
        householdId: idSchema.optional(),
        visited: z.boolean().default(true),
      })
      .strict()
      .refine((i) => !!i.group !== !!i.householdId, { message: '请指定一个村民小组或一户', path: ['group'] }),
    output: returns<{ id: string; visited: boolean }>(),
  },
  regions: {
    summary: '本县的乡镇和村（社区）名称，供选择地点（转介、报告尚未建档的儿童等），不必输入区划代码',
    input: () => z.object({ countyCode: z.string().regex(/^\d{6}$/, '县级区划代码须为6位数字').optional() }).strict(),
    output: returns<RegionTreeView>(),
  },
  ageOut: {
    summary: '定时任务：年满16周岁的儿童当天退出在册（每日 00:05 北京时间）',
    input: () => z.object({}).passthrough(),
    output: returns<{ day: string; changed: number; remaining: number }>(),
    internal: true,
  },
}));
