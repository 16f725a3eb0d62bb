/**
 * The deploy plan: what the declaration (cloudfunctions/_shared/database.ts, the storage rules
 * file, cloudbaserc.json) wants, compared with what a target has, as a list of steps. The same
 * code sets up CloudBase and the stand-in (`npm start`, the test stacks), so there is no second
 * list of collections, indexes or rules anywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE, FUNCTIONS_ONLY, type IndexDecl, type RuleDecl } from '../../cloudfunctions/_shared/database';

/** Path of the storage rules file (written by the trust work; applied when present). */
export const STORAGE_RULES_FILE = 'cloudfunctions/_shared/security/storage.rules.json';

/** A function as cloudbaserc.json declares it (the fields the plan compares). */
export interface FunctionDecl {
  name: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  envVariables?: Record<string, string>;
  triggers?: Array<{ name: string; type: string; config: string }>;
}

/** Everything the deploy wants a target to have. */
export interface DesiredState {
  collections: Array<{ name: string; indexes: IndexDecl[]; rule: RuleDecl }>;
  storageRules: unknown;
  functions: FunctionDecl[];
}

/** What a target reports it has (the same shape, functions and storage rules optional). */
export interface CurrentState {
  collections: Array<{ name: string; indexes: IndexDecl[]; rule: RuleDecl | null }>;
  storageRules: unknown;
  /** undefined when the target does not manage functions (the stand-in loads the build folder). */
  functions?: FunctionDecl[];
}

/** One change the deploy makes. */
export type PlanStep =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'updateIndexes'; collection: string; create: IndexDecl[]; drop: string[] }
  | { kind: 'setRule'; collection: string; rule: RuleDecl }
  | { kind: 'setStorageRules'; rules: unknown }
  | { kind: 'createFunction'; fn: FunctionDecl }
  | { kind: 'updateFunctionConfig'; fn: FunctionDecl }
  | { kind: 'setTriggers'; fn: FunctionDecl };

/** Extra collections a target needs beyond the production list (the local persona picker). */
export interface DesiredOptions {
  root?: string;
  extraCollections?: readonly string[];
}

/**
 * Reads the declaration, the storage rules file (if any) and cloudbaserc.json.
 * @param opts repo root (default cwd) and local-only collections
 */
export function desiredState(opts: DesiredOptions = {}): DesiredState {
  const root = opts.root ?? process.cwd();
  const collections = Object.entries(DATABASE).map(([name, d]) => ({ name, indexes: d.indexes, rule: d.rule }));
  for (const name of opts.extraCollections ?? []) {
    if (!collections.some((c) => c.name === name)) collections.push({ name, indexes: [], rule: FUNCTIONS_ONLY });
  }
  const rulesFile = join(root, STORAGE_RULES_FILE);
  const storageRules = existsSync(rulesFile) ? JSON.parse(readFileSync(rulesFile, 'utf8')) : null;
  const rcFile = join(root, 'cloudbaserc.json');
  const rc = existsSync(rcFile) ? (JSON.parse(readFileSync(rcFile, 'utf8')) as { functions?: FunctionDecl[] }) : {};
  return { collections, storageRules, functions: rc.functions ?? [] };
}

const canon = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

function sameIndex(a: IndexDecl, b: IndexDecl): boolean {
  return canon(a.keys) === canon(b.keys) && (a.unique === true) === (b.unique === true);
}

/**
 * The steps that bring `current` to `desired`; empty when nothing differs. Indexes the target has
 * but the declaration does not are dropped (the declaration is the whole truth), except `_id_`.
 */
export function computePlan(desired: DesiredState, current: CurrentState): PlanStep[] {
  const steps: PlanStep[] = [];
  const have = new Map(current.collections.map((c) => [c.name, c]));
  for (const want of desired.collections) {
    const cur = have.get(want.name);
    if (!cur) steps.push({ kind: 'createCollection', collection: want.name });
    const curIdx = new Map((cur?.indexes ?? []).filter((i) => i.name !== '_id_').map((i) => [i.name, i]));
    const create = want.indexes.filter((i) => !curIdx.has(i.name) || !sameIndex(curIdx.get(i.name)!, i));
    const drop = [...curIdx.keys()].filter((n) => !want.indexes.some((i) => i.name === n) || create.some((i) => i.name === n));
    if (create.length > 0 || drop.length > 0) steps.push({ kind: 'updateIndexes', collection: want.name, create, drop });
    if (canon(cur?.rule ?? null) !== canon(want.rule)) steps.push({ kind: 'setRule', collection: want.name, rule: want.rule });
  }
  if (desired.storageRules !== null && canon(desired.storageRules) !== canon(current.storageRules ?? null)) {
    steps.push({ kind: 'setStorageRules', rules: desired.storageRules });
  }
  if (current.functions) {
    const fns = new Map(current.functions.map((f) => [f.name, f]));
    for (const fn of desired.functions) {
      const cur = fns.get(fn.name);
      if (!cur) {
        steps.push({ kind: 'createFunction', fn });
        if (fn.triggers?.length) steps.push({ kind: 'setTriggers', fn });
        continue;
      }
      const cfg = (f: FunctionDecl) => canon({ runtime: f.runtime, handler: f.handler, timeout: f.timeout, memorySize: f.memorySize, env: f.envVariables ?? {} });
      if (cfg(cur) !== cfg(fn)) steps.push({ kind: 'updateFunctionConfig', fn });
      if (canon(cur.triggers ?? []) !== canon(fn.triggers ?? [])) steps.push({ kind: 'setTriggers', fn });
    }
  }
  return steps;
}

/** One line per step, in Chinese and English, for `--dry-run` and the deploy log. */
export function describeStep(s: PlanStep): string {
  const keys = (i: IndexDecl) => `${i.name}(${i.keys.map((k) => `${k.field}${k.direction === -1 ? ' desc' : ''}`).join(', ')}${i.unique ? ', unique' : ''})`;
  switch (s.kind) {
    case 'createCollection':
      return `创建集合 create collection  ${s.collection}`;
    case 'updateIndexes':
      return `索引 indexes  ${s.collection}: ${[...s.create.map((i) => `+${keys(i)}`), ...s.drop.map((n) => `-${n}`)].join('  ')}`;
    case 'setRule':
      return `安全规则 security rule  ${s.collection}: ${JSON.stringify(s.rule)}`;
    case 'setStorageRules':
      return `存储安全规则 storage rules  ${JSON.stringify(s.rules)}`;
    case 'createFunction':
      return `创建云函数 create function  ${s.fn.name} (${s.fn.runtime}, ${s.fn.memorySize} MB, ${s.fn.timeout} s)`;
    case 'updateFunctionConfig':
      return `更新云函数配置 update function config  ${s.fn.name} (${s.fn.runtime}, ${s.fn.memorySize} MB, ${s.fn.timeout} s)`;
    case 'setTriggers':
      return `定时触发器 timer triggers  ${s.fn.name}: ${(s.fn.triggers ?? []).map((t) => `${t.name} "${t.config}"`).join(', ')}`;
  }
}
