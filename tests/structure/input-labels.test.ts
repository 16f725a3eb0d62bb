/**
 * Every input field of every action carries a Chinese label (issue 13): a refusal names the field
 * as the form shows it (`性别：无效选项`), never `请检查填写的内容（…）`. Walks each contract's input
 * schema to its leaf fields (object keys, list items, union options, keyed records) and asks
 * `labelAt` — the same lookup the router's VALIDATION_FAILED message uses — for each.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { keyedTableOf, labelAt } from '../../cloudfunctions/_shared/issues';
import type { Contract } from '../../cloudfunctions/_shared/contracts/define';

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; left?: z.ZodType; right?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Leaf paths of a schema (an object's keys, `0` for a list's items, a keyed record's keys). */
function leaves(s: z.ZodType, path: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 10) return out;
  const d = defOf(s);
  const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
  if (inner) return leaves(inner, path, out, depth + 1);
  if (d.type === 'object' && d.shape) for (const [k, v] of Object.entries(d.shape)) leaves(v, [...path, k], out, depth + 1);
  else if (d.type === 'array' && d.element) leaves(d.element, [...path, 0], out, depth + 1);
  else if (d.type === 'union' && d.options) for (const o of d.options) leaves(o, path, out, depth + 1);
  else if (d.type === 'intersection' && d.left && d.right) [d.left, d.right].forEach((x) => leaves(x, path, out, depth + 1));
  else if (d.type === 'record' && d.valueType && keyedTableOf(d.valueType)) for (const k of Object.keys(keyedTableOf(d.valueType)!)) out.push([...path, k]);
  else if (path.length) out.push(path);
  return out;
}

const DIR = join(__dirname, '..', '..', 'cloudfunctions', '_shared', 'contracts');
function contracts(): Contract[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    .flatMap((f) => Object.values(require(join(DIR, f)) as Record<string, unknown>))
    .filter((v): v is Contract => !!v && typeof v === 'object' && typeof (v as Contract).fn === 'string' && typeof (v as Contract).actions === 'object');
}

test('every input field of every action has a Chinese label', () => {
  const missing = new Set<string>();
  let fields = 0;
  for (const c of contracts()) {
    for (const [name, a] of Object.entries(c.actions)) {
      for (const p of leaves(a.input)) {
        fields++;
        if (!labelAt(a.input, p, `${c.fn}.${name}`)) missing.add(`${c.fn}.${name}:${p.join('.')}`);
      }
    }
  }
  expect(fields).toBeGreaterThan(300);
  expect([...missing].sort()).toEqual([]);
});
