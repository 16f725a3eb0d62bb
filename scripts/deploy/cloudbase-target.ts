/**
 * Applies a deploy plan to a CloudBase environment with CloudBase's own management library,
 * `@cloudbase/manager-node`: collections and indexes (`database.*`, the flexdb API), security
 * rules of each collection (tcb `DescribeSafeRule` / `ModifySafeRule` through `commonService`),
 * storage rules (`storage.getStorageAcl` / `setStorageAcl`), functions with their configuration,
 * environment variables and timer triggers (`functions.*`).
 *
 * The target reads what the environment has ({@link CloudbaseTarget.current}) in the plan's shape,
 * so `computePlan` sees the same differences it sees on the stand-in, and a second deploy finds
 * none ("无变更"). A function's code is compared through the `SHOUWANG_BUILD` environment
 * variable, the SHA-256 of its built folder (SCF reports no hash of the deployed code): a changed
 * build changes the variable, which updates the code and the configuration together.
 *
 * Tested against a fake of the same library surface (tests/standin/deploy-cloudbase.test.ts);
 * no machine here reaches CloudBase.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexDecl, RuleDecl } from '../../cloudfunctions/_shared/database';
import { computePlan, type CurrentState, type DesiredState, type FunctionDecl, type PlanStep } from './plan';

/** Version of the tcb API that carries the database security rules (DescribeSafeRule). */
const TCB_API_VERSION = '2018-06-08';

/** The environment variable holding the SHA-256 of a function's built folder ({@link buildHashes}). */
export const BUILD_HASH_VAR = 'SHOUWANG_BUILD';

/** An index as the flexdb API describes it (DescribeTable / ListTables). */
interface TableIndex {
  Name: string;
  Unique?: boolean;
  Keys?: Array<{ Name?: string; Direction?: string }>;
}

/** The part of `@cloudbase/manager-node`'s `CloudBase` instance the deploy uses. */
export interface ManagerLike {
  database: {
    listCollections(options?: { MgoOffset?: number; MgoLimit?: number }): Promise<{ Collections: Array<{ CollectionName: string }> }>;
    describeCollection(name: string): Promise<{ Indexes?: TableIndex[] }>;
    createCollectionIfNotExists(name: string): Promise<unknown>;
    updateCollection(
      name: string,
      info: {
        CreateIndexes?: Array<{ IndexName: string; MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: Array<{ Name: string; Direction: string }> } }>;
        DropIndexes?: Array<{ IndexName: string }>;
      },
    ): Promise<unknown>;
  };
  storage: {
    getStorageAcl(options: { withRule: true }): Promise<{ acl: string; rule?: unknown }>;
    setStorageAcl(acl: string, rule?: unknown): Promise<unknown>;
  };
  functions: {
    getFunctionList(limit?: number, offset?: number): Promise<{ Functions: Array<{ FunctionName: string }>; TotalCount?: number }>;
    getFunctionDetail(name: string): Promise<{
      Runtime: string;
      Handler: string;
      Timeout: number;
      MemorySize: number;
      Environment?: { Variables?: Array<{ Key: string; Value: string }> };
      Triggers?: Array<{ TriggerName: string; Type: string; TriggerDesc?: string }>;
    }>;
    createFunction(param: { func: Record<string, unknown>; functionRootPath: string; force?: boolean }): Promise<unknown>;
    updateFunctionCode(param: { func: Record<string, unknown>; functionRootPath: string }): Promise<unknown>;
    updateFunctionConfig(func: Record<string, unknown>): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: Array<{ name: string; type: string; config: string }>): Promise<unknown>;
    deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>;
  };
  commonService(service?: string, version?: string): { call(req: { Action: string; Param: Record<string, unknown> }): Promise<any> };
}

/**
 * The SHA-256 of each built function folder (`build/functions/<name>/`: index.js, its vendor
 * chunks, assets, package.json, config.json — what the deploy uploads), by name. Every file's
 * path and bytes go in, in path order, so a changed chunk or asset alone also redeploys.
 * A function whose folder has no index.js gets no hash (not built).
 */
export function buildHashes(functionRoot: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const dir = join(functionRoot, name);
    if (!existsSync(join(dir, 'index.js'))) continue;
    const hash = createHash('sha256');
    for (const rel of filesUnder(dir)) {
      const bytes = readFileSync(join(dir, rel));
      // Path and length first: moving bytes between files or renaming one changes the hash.
      hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
    }
    out[name] = hash.digest('hex');
  }
  return out;
}

/** Files under `dir`, as `/`-separated paths relative to it, sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...filesUnder(dir, path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/** Variables the deploy passes from its own environment to every function when set there. */
export const PASSED_VARS = ['SHOUWANG_DATA_KEY', 'SHOUWANG_DATA_KEY_PREVIOUS'] as const;

/**
 * The functions as they should be on this environment: each one's build hash, the data key (when
 * the deploy's environment has it) and the variables cloudbaserc.json declares, over the variables
 * the function already has — a variable set in the console (the data key, an AppSecret) is kept,
 * because SCF replaces the whole set on every configuration update.
 * @throws Error naming the functions that would run without SHOUWANG_DATA_KEY (they refuse every call)
 */
export function withEnvironment(desired: DesiredState, current: CurrentState, hashes: Record<string, string>, env: Record<string, string | undefined>): DesiredState {
  const have = new Map((current.functions ?? []).map((f) => [f.name, f.envVariables ?? {}]));
  const passed = Object.fromEntries(PASSED_VARS.filter((k) => env[k]).map((k) => [k, env[k]!]));
  const functions = desired.functions.map((f) => {
    const envVariables: Record<string, string> = { ...(have.get(f.name) ?? {}), ...passed, ...(f.envVariables ?? {}) };
    if (hashes[f.name]) envVariables[BUILD_HASH_VAR] = hashes[f.name];
    return { ...f, envVariables };
  });
  const keyless = functions.filter((f) => !f.envVariables.SHOUWANG_DATA_KEY).map((f) => f.name);
  if (keyless.length > 0) {
    throw new Error(
      `这些云函数没有数据密钥 SHOUWANG_DATA_KEY，部署后会拒绝所有请求：${keyless.join('、')}。请在 .env.deploy 或环境变量中设置（见 docs/deploy.md）。` +
        ` / These functions would have no SHOUWANG_DATA_KEY and refuse every call: ${keyless.join(', ')}. Set it in .env.deploy or the environment (docs/deploy.md).`,
    );
  }
  return { ...desired, functions };
}

function indexFromTable(i: TableIndex): IndexDecl {
  const keys = (i.Keys ?? []).map((k) => ({ field: k.Name ?? '', direction: (Number(k.Direction) === -1 ? -1 : 1) as 1 | -1 }));
  return { name: i.Name, keys, ...(i.Unique ? { unique: true } : {}) };
}

function ruleFromAcl(res: { AclTag?: string; Rule?: string | null }): RuleDecl | null {
  if (res.AclTag === 'CUSTOM' && res.Rule) {
    try {
      return JSON.parse(res.Rule) as RuleDecl;
    } catch {
      return null;
    }
  }
  // A simple permission (READONLY, PRIVATE, …) is not one of our rules: the plan replaces it.
  return null;
}

function funcConfig(fn: FunctionDecl): Record<string, unknown> {
  return { name: fn.name, runtime: fn.runtime, handler: fn.handler, timeout: fn.timeout, memorySize: fn.memorySize, envVariables: fn.envVariables ?? {}, installDependency: false };
}

/**
 * A deploy target on the CloudBase environment `envId`, through `manager`.
 * @param functionRoot the folder of built functions (cloudbaserc.json `functionRoot`)
 */
export function cloudbaseTarget(manager: ManagerLike, envId: string, functionRoot: string) {
  const tcb = () => manager.commonService('tcb', TCB_API_VERSION);
  return {
    name: `CloudBase ${envId}`,
    /** What the environment has, in the plan's shape. */
    async current(): Promise<CurrentState> {
      const collections: CurrentState['collections'] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await manager.database.listCollections({ MgoOffset: offset, MgoLimit: 100 });
        for (const c of page.Collections) {
          const acl = await tcb().call({ Action: 'DescribeSafeRule', Param: { EnvId: envId, CollectionName: c.CollectionName } });
          const table = await manager.database.describeCollection(c.CollectionName);
          collections.push({ name: c.CollectionName, indexes: (table.Indexes ?? []).map(indexFromTable), rule: ruleFromAcl(acl) });
        }
        if (page.Collections.length < 100) break;
      }
      const storage = await manager.storage.getStorageAcl({ withRule: true });
      const functions: FunctionDecl[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await manager.functions.getFunctionList(100, offset);
        for (const f of page.Functions) {
          const d = await manager.functions.getFunctionDetail(f.FunctionName);
          const env = Object.fromEntries((d.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
          const triggers = (d.Triggers ?? []).filter((t) => t.Type === 'timer').map((t) => ({ name: t.TriggerName, type: 'timer', config: t.TriggerDesc ?? '' }));
          functions.push({
            name: f.FunctionName,
            runtime: d.Runtime,
            handler: d.Handler,
            timeout: d.Timeout,
            memorySize: d.MemorySize,
            ...(Object.keys(env).length ? { envVariables: env } : {}),
            ...(triggers.length ? { triggers } : {}),
          });
        }
        if (page.Functions.length < 100) break;
      }
      return { collections, storageRules: storage.acl === 'CUSTOM' ? (storage.rule ?? null) : null, functions };
    },
    /** Applies one step; throws the library's error (with its RequestId) when CloudBase refuses. */
    async apply(step: PlanStep): Promise<void> {
      switch (step.kind) {
        case 'createCollection':
          await manager.database.createCollectionIfNotExists(step.collection);
          return;
        case 'updateIndexes':
          await manager.database.updateCollection(step.collection, {
            ...(step.drop.length ? { DropIndexes: step.drop.map((IndexName) => ({ IndexName })) } : {}),
            ...(step.create.length
              ? {
                  CreateIndexes: step.create.map((i) => ({
                    IndexName: i.name,
                    MgoKeySchema: { MgoIsUnique: i.unique === true, MgoIndexKeys: i.keys.map((k) => ({ Name: k.field, Direction: String(k.direction) })) },
                  })),
                }
              : {}),
          });
          return;
        case 'setRule':
          await tcb().call({ Action: 'ModifySafeRule', Param: { EnvId: envId, CollectionName: step.collection, AclTag: 'CUSTOM', Rule: JSON.stringify(step.rule) } });
          return;
        case 'setStorageRules':
          await manager.storage.setStorageAcl('CUSTOM', step.rules);
          return;
        case 'createFunction':
          // Timer triggers follow as their own step (setTriggers), as for an existing function.
          await manager.functions.createFunction({ func: funcConfig(step.fn), functionRootPath: functionRoot, force: true });
          return;
        case 'updateFunctionConfig':
          // The build hash is in the configuration: a configuration step always carries the code.
          await manager.functions.updateFunctionCode({ func: funcConfig(step.fn), functionRootPath: functionRoot });
          await manager.functions.updateFunctionConfig(funcConfig(step.fn));
          return;
        case 'setTriggers': {
          const detail = await manager.functions.getFunctionDetail(step.fn.name);
          for (const t of detail.Triggers ?? []) if (t.Type === 'timer') await manager.functions.deleteFunctionTrigger(step.fn.name, t.TriggerName);
          if (step.fn.triggers?.length) await manager.functions.createFunctionTriggers(step.fn.name, step.fn.triggers);
          return;
        }
      }
    },
  };
}

/**
 * The steps that bring the environment behind `target` to `desired` (see {@link withEnvironment}).
 * @param env the deploy's own environment (the data key is passed on from it)
 */
export async function cloudPlan(target: ReturnType<typeof cloudbaseTarget>, desired: DesiredState, hashes: Record<string, string>, env: Record<string, string | undefined>): Promise<PlanStep[]> {
  const current = await target.current();
  return computePlan(withEnvironment(desired, current, hashes, env), current);
}
