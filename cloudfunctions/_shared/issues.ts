/**
 * Validation failures people can read: each zod issue of an action's input becomes
 * `{ path, label, code, message }`, where `label` is the field's Chinese label as the form shows
 * it and `code` a stable code programs compare. The envelope's message names the first field by
 * its label (`父亲联系电话：电话号码格式不正确（…）`), never by a code key.
 *
 * Where labels come from: the schema. A field built by `contracts/fields.ts` carries its label as
 * zod metadata (`.meta({ title })`); any other schema may set one the same way
 * (`z.enum(GENDERS).meta({ title: '性别' })`). A record whose keys name fields (an officer's
 * `changes`: dotted path → value) takes `keyedValues(table)` as its value schema, so an issue at
 * `changes.father.phone` finds the label of `EDITABLE_FIELDS['father.phone']`. A contract field
 * with none of these (list filters, paging, counts) gets one from contracts/input-labels.ts by its
 * action and path; tests/structure/input-labels.test.ts holds every field to having one.
 */
import { z } from 'zod';
import { tableLabel } from './contracts/input-labels';

/** One issue of a failed validation, as the envelope's `details.issues` carries it. */
export interface DescribedIssue {
  /** The dotted path of the field (`changes.father.phone`); `''` for the input as a whole. */
  path: string;
  /** The field's Chinese label, when the schema gives one. */
  label?: string;
  /**
   * Stable code: the field check's own (`ID_CHECKSUM`, `PHONE_INVALID`, … from contracts/fields.ts),
   * else REQUIRED, WRONG_TYPE, TOO_LONG, TOO_SHORT, TOO_MANY, TOO_FEW, TOO_LARGE, TOO_SMALL,
   * NOT_ALLOWED (not one of the allowed values), BAD_FORMAT, UNKNOWN_FIELD, INVALID.
   */
  code: string;
  /** What is wrong, in Chinese. */
  message: string;
}

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
};

const keyed = new WeakMap<object, Record<string, z.ZodType>>();

/**
 * The value schema of a record whose keys name the fields of `table`
 * (`z.record(z.string(), keyedValues(EDITABLE_FIELDS))`): it accepts anything (the record checks
 * each value against its table entry) and tells labelAt where each key's label is. It sits inside
 * the record's definition, so it survives the copies `.meta()`, `.refine()` and wrappers make.
 */
export function keyedValues(table: Record<string, z.ZodType>): z.ZodUnknown {
  const marker = z.unknown();
  keyed.set(marker, table);
  return marker;
}

/** The table a `keyedValues` marker stands for (tests walk every field of an action's input), else undefined. */
export function keyedTableOf(s: z.ZodType): Record<string, z.ZodType> | undefined {
  return keyed.get(s);
}

function defOf(s: z.ZodType): AnyDef {
  return (s as unknown as { _zod: { def: AnyDef } })._zod.def;
}

function titleOf(s: z.ZodType): string | undefined {
  const meta = z.globalRegistry.get(s) as { title?: unknown } | undefined;
  return typeof meta?.title === 'string' ? meta.title : undefined;
}

/** A schema and every schema standing at the same position inside its wrappers, pipes and unions. */
function samePosition(s: z.ZodType, out: z.ZodType[] = [], depth = 0): z.ZodType[] {
  if (depth > 12 || out.includes(s)) return out;
  out.push(s);
  const d = defOf(s);
  const inner = [d.innerType, d.in, d.out, d.left, d.right, ...(d.options ?? [])];
  if (d.type === 'lazy' && d.getter) inner.push(d.getter());
  for (const i of inner) if (i) samePosition(i, out, depth + 1);
  return out;
}

function childAt(s: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      return typeof key === 'string' && d.shape && Object.prototype.hasOwnProperty.call(d.shape, key) ? d.shape[key] : d.catchall;
    case 'record': {
      const table = d.valueType && keyed.get(d.valueType);
      if (table) return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
      return d.valueType;
    }
    case 'array':
      return typeof key === 'number' ? d.element : undefined;
    case 'tuple':
      return typeof key === 'number' ? d.items?.[key] : undefined;
    default:
      return undefined;
  }
}

/**
 * The Chinese label of the field at `path` inside `schema`: the deepest label on the way, with
 * `（第N项）` when a list item lies below it; when no schema on the way carries one, the label
 * contracts/input-labels.ts gives the field of `action` (`<function>.<action>`).
 * @returns undefined when neither has one
 */
export function labelAt(schema: z.ZodType, path: readonly PropertyKey[], action?: string): string | undefined {
  let nodes = [schema];
  let label: string | undefined;
  let item: number | undefined;
  for (const seg of path) {
    const next: z.ZodType[] = [];
    for (const n of nodes.flatMap((x) => samePosition(x))) {
      const c = childAt(n, seg);
      if (c && !next.includes(c)) next.push(c);
    }
    if (!next.length) break;
    nodes = next;
    const title = nodes.flatMap((x) => samePosition(x)).map(titleOf).find((t) => t !== undefined);
    if (title !== undefined) label = title;
    // A list item: numbered after the nearest label (the list's, or the items' own).
    if (typeof seg === 'number') item = seg;
    else if (title !== undefined) item = undefined;
  }
  if (label === undefined && action && path.length) {
    label = tableLabel(action, path);
    const numbers = path.filter((p): p is number => typeof p === 'number');
    item = numbers.length ? numbers[numbers.length - 1] : undefined;
  }
  if (label === undefined) return undefined;
  return item === undefined ? label : `${label}（第${item + 1}项）`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

function codeOf(issue: z.core.$ZodIssue, data: unknown): string {
  const i = issue as z.core.$ZodIssue & { origin?: string; params?: { code?: unknown } };
  switch (i.code) {
    case 'custom':
      return typeof i.params?.code === 'string' ? i.params.code : 'INVALID';
    case 'invalid_type':
      return valueAt(data, i.path) === undefined ? 'REQUIRED' : 'WRONG_TYPE';
    case 'too_big':
      return i.origin === 'string' ? 'TOO_LONG' : i.origin === 'array' || i.origin === 'set' ? 'TOO_MANY' : 'TOO_LARGE';
    case 'too_small':
      return i.origin === 'string' ? 'TOO_SHORT' : i.origin === 'array' || i.origin === 'set' ? 'TOO_FEW' : 'TOO_SMALL';
    case 'invalid_value':
      return 'NOT_ALLOWED';
    case 'invalid_format':
      return 'BAD_FORMAT';
    case 'unrecognized_keys':
      return 'UNKNOWN_FIELD';
    default:
      return 'INVALID';
  }
}

/**
 * Turns a failed validation into issues naming each field.
 * @param error the ZodError
 * @param schema the schema that failed (for labels); omitted → no labels
 * @param data the input that failed (tells a missing value, REQUIRED, from a wrong one)
 * @param action `<function>.<action>`, for the labels contracts/input-labels.ts keeps
 */
export function describeIssues(error: z.ZodError, schema?: z.ZodType, data?: unknown, action?: string): DescribedIssue[] {
  return error.issues.map((i) => {
    const label = schema ? labelAt(schema, i.path, action) : undefined;
    const message = i.code === 'unrecognized_keys' ? `不支持的字段：${(i as { keys?: string[] }).keys?.join('、') ?? ''}` : i.message;
    return { path: i.path.map(String).join('.'), ...(label ? { label } : {}), code: codeOf(i, data), message };
  });
}

/**
 * The one-line message of a validation failure: the first issue's field label and what is wrong
 * (`求助类别：无效选项`). A field without a label is never named by its key (people read this);
 * the message then asks to check the entry, and `details.issues` still carries the path.
 */
export function validationMessage(issues: readonly DescribedIssue[]): string | undefined {
  const first = issues[0];
  if (!first) return undefined;
  return first.label ? `${first.label}：${first.message}` : `请检查填写的内容（${first.message}）`;
}
