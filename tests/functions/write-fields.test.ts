/**
 * One rule for every path that writes (issue 13): every action's input is walked for the fields
 * built by contracts/fields.ts (ID number, name, phone, calendar date, birth date, free text,
 * fileID, region code, credit code, map location) — straight from the contracts, so a new action or field is covered without
 * editing this file. For each field, a value of each bad class of its kind is sent by a caller who
 * may call the action; the answer must be VALIDATION_FAILED naming that field by its Chinese label
 * with the field check's stable code, and every stored document must be byte-for-byte the same
 * afterwards.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import type { CloudFunction } from '../../cloudfunctions/_shared/router';
import type { RolesAccess } from '../../cloudfunctions/_shared/access/spec';
import type { RoleName } from '../../cloudfunctions/_shared/contracts/accounts';
import { FIELD_ERRORS, fieldMetaOf, type FieldKind, type FieldMeta } from '../../cloudfunctions/_shared/contracts/fields';
import { keyedTableOf } from '../../cloudfunctions/_shared/issues';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { listFunctionSources } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';
import { makePersona, seedWorld, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(600_000);
const ROOT = join(__dirname, '..', '..');

function loadFunctions(): CloudFunction[] {
  return listFunctionSources(join(ROOT, 'cloudfunctions')).map((name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(ROOT, 'cloudfunctions', name, 'src', 'index.ts')) as Record<string, unknown>;
    return Object.values(mod).find((v): v is CloudFunction => !!v && typeof v === 'object' && 'actions' in v && (v as CloudFunction).name === name)!;
  });
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every field of a kind inside `schema`, with its path (list items at index 0, keyed records by key). */
function fieldsOf(schema: z.ZodType, path: (string | number)[] = [], out: { path: (string | number)[]; meta: FieldMeta }[] = [], depth = 0) {
  if (depth > 12) return out;
  const meta = fieldMetaOf(schema);
  if (meta) {
    out.push({ path, meta });
    return out;
  }
  const d = defOf(schema);
  if (d.type === 'object' && d.shape) for (const [k, v] of Object.entries(d.shape)) fieldsOf(v, [...path, k], out, depth + 1);
  else if (d.type === 'array' && d.element) fieldsOf(d.element, [...path, 0], out, depth + 1);
  else if (d.type === 'record' && d.valueType && keyedTableOf(d.valueType)) {
    for (const [k, v] of Object.entries(keyedTableOf(d.valueType)!)) fieldsOf(v, [...path, k], out, depth + 1);
  } else if (d.innerType) fieldsOf(d.innerType, path, out, depth + 1);
  else if (d.in) fieldsOf(d.in, path, out, depth + 1);
  return out;
}

/** A valid-looking 17-digit body whose birth date is `ymd`, with the right check character. */
function idWith(ymd: string, wrongCheck = false): string {
  const first17 = `341721${ymd}392`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * W[i], 0);
  const right = '10X98765432'[sum % 11];
  return first17 + (wrongCheck ? (right === '1' ? '2' : '1') : right);
}

/** Bad classes of each kind: each must be refused wherever a field of that kind is written. */
const BAD: Record<FieldKind, Record<string, unknown>> = {
  idNumber: {
    wrongCheckDigit: idWith('20150908', true),
    impossibleBirthDate: idWith('20150230'),
    futureBirthDate: idWith('20990101'),
    truncated: '34172120150908',
    hiddenControl: `${idWith('20150908').slice(0, 9)}\u202E${idWith('20150908').slice(9)}`,
  },
  personName: { digits: '张3', bidiOverride: '张\u202E三', control: '张\u0007三', empty: '   ' },
  phone: { tooShort: '12345', letters: '1381234567x' },
  calendarDate: { impossible: '2026-02-30', wrongFormat: '2026/03/01', badMonth: '2026-13-01' },
  birthDate: { impossible: '2015-02-29', future: '2099-01-01', wrongFormat: '20150908' },
  freeText: { bidiOverride: '情况\u202E正常', control: '情况\u0000正常', isolate: '情况\u2066正常' },
  fileId: { notAFileId: 'https://example.com/a.jpg', traversal: 'cloud://env-test.bucket/visits/../signatures/x.png' },
  regionCode: { wrongLength: '34172', letters: '34172100a001' },
  creditCode: { wrongCheck: '52341721MJ0000001A', tooShort: '52341721MJ00000', letterO: '52341721MJO000001X' },
  location: { latitudeOutOfRange: { latitude: 91, longitude: 117 }, longitudeAsText: { latitude: 30, longitude: '117' }, notAPoint: '30.1,117.0' },
};

/** Puts `value` at `path` (a keyed record's key is one dotted segment, e.g. `changes` → `father.phone`). */
function setAt(body: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  let node: Record<string | number, unknown> = body;
  for (let i = 0; i < path.length - 1; i++) {
    const next = path[i + 1];
    node[path[i]] ??= typeof next === 'number' ? [] : {};
    node = node[path[i]] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return body;
}

const functions = loadFunctions();
interface Case {
  fn: string;
  action: string;
  role: RoleName;
  path: (string | number)[];
  meta: FieldMeta;
}
const cases: Case[] = functions.flatMap((f) =>
  Object.entries(f.actions).flatMap(([action, spec]) => {
    if ('internal' in spec.access) return [];
    const roles = 'roles' in spec.access ? (spec.access as RolesAccess).roles : (['public'] as RoleName[]);
    const role = roles.find((r) => r !== 'public') ?? 'public';
    return fieldsOf(spec.input).map(({ path, meta }) => ({ fn: f.name, action, role, path, meta }));
  }),
);

let t: TestStack;
const personas = new Map<RoleName, Persona>();
beforeAll(async () => {
  t = await startTestStack({});
  // A frozen clock fires no timers: the scheduler's minute tick would otherwise run the day's
  // sweeps mid-test (the run takes minutes) and change the store this test holds still. Freezing
  // fires what is already due; that finishes here, before the store is read.
  t.clock.set(new Date());
  await t.settleTimers();
  useStackKey(t);
  await seedWorld(t.app);
  for (const role of new Set(cases.map((c) => c.role))) personas.set(role, await makePersona(t.app, role));
});
afterAll(async () => t?.stop());

/** Every stored document of every collection, as one string. */
async function dumpStore(): Promise<string> {
  const parts: string[] = [];
  for (const name of COLLECTIONS) {
    const res = (await t.app.database().collection(name).limit(1000).get()) as { data?: unknown[] };
    parts.push(`${name}:${JSON.stringify(res.data ?? [])}`);
  }
  return parts.join('\n');
}

test('the contracts declare fields of every kind on the write paths', () => {
  const kinds = new Set(cases.map((c) => c.meta.kind));
  expect([...kinds].sort()).toEqual(Object.keys(BAD).sort());
  // The headline paths of issue 13: an officer's edit of ID numbers and birth dates, notes, messages.
  const named = new Set(cases.map((c) => `${c.fn}.${c.action}:${c.meta.title}`));
  for (const n of ['registry.updateChild:身份证号', 'registry.updateChild:出生日期', 'registry.updateChild:父亲身份证号', 'care.recordVisit:走访照片', 'care.submitReport:报告内容', 'guardianship.logCheckIn:日期'])
    expect(named).toContain(n);
});

test('a bad value of each class is refused in every field of every write action, naming the field, and nothing stored changes', async () => {
  const before = await dumpStore();
  const wrong: string[] = [];
  for (const c of cases) {
    for (const [cls, value] of Object.entries(BAD[c.meta.kind])) {
      const body = setAt({}, c.path, value);
      const r = await t.call<unknown>(c.fn, c.action, body, { openid: personas.get(c.role)!.openid });
      const where = `${c.fn}.${c.action} ${c.path.join('.')} (${c.meta.title}) ${cls}`;
      if (r.ok) {
        wrong.push(`${where}: accepted`);
        continue;
      }
      const issues = ((r.error.details as { issues?: { path: string; label?: string; code: string }[] } | undefined)?.issues ?? []).filter(
        (i) => i.path === c.path.join('.'),
      );
      const named = issues.find((i) => i.label?.startsWith(c.meta.title) && i.code in FIELD_ERRORS);
      if (r.error.code !== 'VALIDATION_FAILED' || !named) wrong.push(`${where}: ${r.error.code} ${JSON.stringify(issues)}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(await dumpStore()).toBe(before);
});
