/**
 * `npm run deploy` against CloudBase, through the surface of `@cloudbase/manager-node` it uses,
 * played by an in-memory environment that answers as the library documents (flexdb DescribeTable
 * index shapes, tcb DescribeSafeRule's AclTag/Rule, SCF's GetFunction, and SCF replacing a
 * function's whole variable set on each configuration update). No machine here reaches CloudBase.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHashes, cloudPlan, cloudbaseTarget, type ManagerLike } from '../../scripts/deploy/cloudbase-target';
import { desiredState, type PlanStep } from '../../scripts/deploy/plan';
import { DATABASE } from '../../cloudfunctions/_shared/database';

interface FakeFunction {
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Variables: Array<{ Key: string; Value: string }>;
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
  codeUploads: number;
}

/** An environment as the management library sees it. */
function fakeEnvironment() {
  const tables = new Map<string, { indexes: Array<{ Name: string; Unique: boolean; Keys: Array<{ Name: string; Direction: string }> }>; acl: { AclTag: string; Rule?: string } }>();
  const fns = new Map<string, FakeFunction>();
  let storage: { acl: string; rule?: unknown } = { acl: 'PRIVATE' };
  const asVars = (env: unknown) => Object.entries((env ?? {}) as Record<string, string>).map(([Key, Value]) => ({ Key, Value: String(Value) }));
  const manager: ManagerLike = {
    database: {
      listCollections: async ({ MgoOffset = 0, MgoLimit = 100 } = {}) => ({ Collections: [...tables.keys()].slice(MgoOffset, MgoOffset + MgoLimit).map((CollectionName) => ({ CollectionName })) }),
      describeCollection: async (name) => {
        const t = tables.get(name);
        if (!t) throw new Error(`ResourceNotFound ${name}`);
        return { Indexes: [{ Name: '_id_', Unique: true, Keys: [{ Name: '_id', Direction: '1' }] }, ...t.indexes] };
      },
      createCollectionIfNotExists: async (name) => {
        // A new collection starts with the console's default permission, not a custom rule.
        if (!tables.has(name)) tables.set(name, { indexes: [], acl: { AclTag: 'ADMINWRITE' } });
      },
      updateCollection: async (name, info) => {
        const t = tables.get(name)!;
        t.indexes = t.indexes.filter((i) => !(info.DropIndexes ?? []).some((d) => d.IndexName === i.Name));
        for (const c of info.CreateIndexes ?? []) {
          if (t.indexes.some((i) => i.Name === c.IndexName)) throw new Error(`index ${c.IndexName} exists`);
          t.indexes.push({ Name: c.IndexName, Unique: c.MgoKeySchema.MgoIsUnique, Keys: c.MgoKeySchema.MgoIndexKeys });
        }
      },
    },
    storage: {
      getStorageAcl: async () => storage,
      setStorageAcl: async (acl, rule) => {
        storage = { acl, rule };
      },
    },
    functions: {
      getFunctionList: async (limit = 20, offset = 0) => ({ Functions: [...fns.keys()].slice(offset, offset + limit).map((FunctionName) => ({ FunctionName })) }),
      getFunctionDetail: async (name) => {
        const f = fns.get(name)!;
        return { Runtime: f.Runtime, Handler: f.Handler, Timeout: f.Timeout, MemorySize: f.MemorySize, Environment: { Variables: f.Variables }, Triggers: f.Triggers };
      },
      createFunction: async ({ func }) => {
        fns.set(String(func.name), { Runtime: String(func.runtime), Handler: String(func.handler), Timeout: Number(func.timeout), MemorySize: Number(func.memorySize), Variables: asVars(func.envVariables), Triggers: [], codeUploads: 1 });
      },
      updateFunctionCode: async ({ func }) => {
        fns.get(String(func.name))!.codeUploads++;
      },
      updateFunctionConfig: async (func) => {
        const f = fns.get(String(func.name))!;
        // SCF's UpdateFunctionConfiguration replaces the whole variable set.
        Object.assign(f, { Runtime: func.runtime, Handler: func.handler, Timeout: func.timeout, MemorySize: func.memorySize, Variables: asVars(func.envVariables) });
      },
      createFunctionTriggers: async (name, triggers) => {
        fns.get(name)!.Triggers.push(...triggers.map((t) => ({ TriggerName: t.name, Type: t.type, TriggerDesc: t.config })));
      },
      deleteFunctionTrigger: async (name, triggerName) => {
        const f = fns.get(name)!;
        f.Triggers = f.Triggers.filter((t) => t.TriggerName !== triggerName);
      },
    },
    commonService: () => ({
      call: async ({ Action, Param }) => {
        const t = tables.get(String(Param.CollectionName));
        if (!t) throw new Error(`ResourceNotFound ${String(Param.CollectionName)}`);
        if (Action === 'DescribeSafeRule') return { AclTag: t.acl.AclTag, Rule: t.acl.Rule ?? null };
        if (Action === 'ModifySafeRule') {
          t.acl = { AclTag: String(Param.AclTag), Rule: Param.Rule as string };
          return {};
        }
        throw new Error(`unexpected ${Action}`);
      },
    }),
  };
  return { manager, tables, fns, storage: () => storage };
}

const desired = desiredState();

/**
 * A build folder with one bundle and one vendor chunk per function; `version` changes every
 * bundle's bytes (or only `only`'s), `chunkVersion` only the chunks' (or only `only`'s chunk).
 */
function buildFolder(version: string, only?: string, chunkVersion = 'v1'): string {
  const root = mkdtempSync(join(tmpdir(), 'sw-deploy-'));
  const mine = (name: string, v: string) => (only === undefined || only === name ? v : 'v1');
  for (const f of desired.functions) {
    mkdirSync(join(root, f.name, 'vendor'), { recursive: true });
    writeFileSync(join(root, f.name, 'index.js'), `// ${f.name} ${mine(f.name, version)}\n`);
    writeFileSync(join(root, f.name, 'vendor', 'xml2js.js'), `// chunk ${mine(f.name, chunkVersion)}\n`);
  }
  return root;
}

async function deploy(env: ReturnType<typeof fakeEnvironment>, root: string, vars: Record<string, string | undefined>): Promise<PlanStep[]> {
  const target = cloudbaseTarget(env.manager, 'county-prod', root);
  const steps = await cloudPlan(target, desired, buildHashes(root, desired.functions.map((f) => f.name)), vars);
  for (const s of steps) await target.apply(s);
  return steps;
}

const KEY = { SHOUWANG_DATA_KEY: 'k'.repeat(44) };

test('an empty environment gets every collection with its indexes and closed rule, the storage rules, every function with its timers; a second run changes nothing', async () => {
  const env = fakeEnvironment();
  const root = buildFolder('v1');
  const first = await deploy(env, root, KEY);
  expect(first.length).toBeGreaterThan(Object.keys(DATABASE).length);

  expect([...env.tables.keys()].sort()).toEqual(Object.keys(DATABASE).sort());
  const children = env.tables.get('children')!;
  expect(children.indexes.map((i) => i.Name).sort()).toEqual(DATABASE.children.indexes.map((i) => i.name).sort());
  expect(children.acl).toEqual({ AclTag: 'CUSTOM', Rule: JSON.stringify({ read: false, write: false }) });
  if (desired.storageRules !== null) expect(env.storage()).toEqual({ acl: 'CUSTOM', rule: desired.storageRules });

  expect([...env.fns.keys()].sort()).toEqual(desired.functions.map((f) => f.name).sort());
  for (const f of desired.functions) {
    const got = env.fns.get(f.name)!;
    expect({ runtime: got.Runtime, timeout: got.Timeout, memory: got.MemorySize }).toEqual({ runtime: f.runtime, timeout: f.timeout, memory: f.memorySize });
    expect(got.Triggers.map((t) => `${t.TriggerName} ${t.TriggerDesc}`)).toEqual((f.triggers ?? []).map((t) => `${t.name} ${t.config}`));
    expect(got.Variables.find((v) => v.Key === 'SHOUWANG_DATA_KEY')?.Value).toBe(KEY.SHOUWANG_DATA_KEY);
  }

  expect(await deploy(env, root, KEY)).toEqual([]);
});

test('a new build updates only the changed function, keeps a variable set in the console, and the key need not be passed again', async () => {
  const env = fakeEnvironment();
  await deploy(env, buildFolder('v1'), KEY);
  const care = env.fns.get('care')!;
  care.Variables.push({ Key: 'WX_APPSECRET_NOTE', Value: 'set-in-console' });
  const uploadsBefore = new Map([...env.fns].map(([n, f]) => [n, f.codeUploads]));

  const steps = await deploy(env, buildFolder('v2', 'care'), {});
  expect(steps.map((s) => `${s.kind} ${'fn' in s ? s.fn.name : ''}`)).toEqual(['updateFunctionConfig care']);
  expect(env.fns.get('care')!.codeUploads).toBe(uploadsBefore.get('care')! + 1);
  expect(env.fns.get('accounts')!.codeUploads).toBe(uploadsBefore.get('accounts'));
  const vars = Object.fromEntries(env.fns.get('care')!.Variables.map((v) => [v.Key, v.Value]));
  expect(vars).toMatchObject({ WX_APPSECRET_NOTE: 'set-in-console', SHOUWANG_DATA_KEY: KEY.SHOUWANG_DATA_KEY });
});

test('a build whose vendor chunk alone changed redeploys that function', async () => {
  const env = fakeEnvironment();
  await deploy(env, buildFolder('v1'), KEY);
  const uploadsBefore = new Map([...env.fns].map(([n, f]) => [n, f.codeUploads]));

  const steps = await deploy(env, buildFolder('v1', 'registry', 'v2'), {});
  expect(steps.map((s) => `${s.kind} ${'fn' in s ? s.fn.name : ''}`)).toEqual(['updateFunctionConfig registry']);
  expect(env.fns.get('registry')!.codeUploads).toBe(uploadsBefore.get('registry')! + 1);
  expect(env.fns.get('care')!.codeUploads).toBe(uploadsBefore.get('care'));
  // The same bytes again: nothing to do.
  expect(await deploy(env, buildFolder('v1', 'registry', 'v2'), {})).toEqual([]);
});

test('a stale index is dropped, a console permission is replaced by the declared rule, a changed timer is re-created', async () => {
  const env = fakeEnvironment();
  const root = buildFolder('v1');
  await deploy(env, root, KEY);
  env.tables.get('visits')!.indexes.push({ Name: 'old_by_hand', Unique: false, Keys: [{ Name: 'note', Direction: '1' }] });
  env.tables.get('children')!.acl = { AclTag: 'READONLY' };
  const timed = desired.functions.find((f) => f.triggers?.length)!;
  env.fns.get(timed.name)!.Triggers = [{ TriggerName: 'old', Type: 'timer', TriggerDesc: '0 0 * * * * *' }];

  const steps = await deploy(env, root, KEY);
  expect(steps.map((s) => s.kind).sort()).toEqual(['setRule', 'setTriggers', 'updateIndexes']);
  expect(env.tables.get('visits')!.indexes.some((i) => i.Name === 'old_by_hand')).toBe(false);
  expect(env.tables.get('children')!.acl.AclTag).toBe('CUSTOM');
  expect(env.fns.get(timed.name)!.Triggers.map((t) => t.TriggerName)).toEqual(timed.triggers!.map((t) => t.name));
  expect(await deploy(env, root, KEY)).toEqual([]);
});

test('without the data key anywhere the deploy stops before changing anything and names the functions', async () => {
  const env = fakeEnvironment();
  await expect(deploy(env, buildFolder('v1'), {})).rejects.toThrow(/SHOUWANG_DATA_KEY.*accounts/);
  expect(env.tables.size).toBe(0);
  expect(env.fns.size).toBe(0);
});
