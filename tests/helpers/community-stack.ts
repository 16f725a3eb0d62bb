/**
 * The community flow tests' shared setup: one stack per file with the functions named, and before
 * each test a reset store, the clock at 2026-07-04 09:00 Shanghai, and the county 东至县 with two
 * townships and a village each (`SIDES.in`: 尧渡镇 / 团结社区, `SIDES.near`: 东流镇 / 桃园村), plus
 * whatever the file seeds itself. `call` / `ok` call the community function as a persona.
 *
 *   const c = useCommunityStack(['community', 'supervision'], async (t) => { … });
 *   const site = await c.ok('saveSite', home, staff);
 */
import { startTestStack, type TestStack } from './stack';
import { SIDES, insert, useStackKey, type Persona } from './access-world';
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';

export interface CommunityStack {
  /** The file's stack (after beforeAll). */
  readonly t: TestStack;
  /** `community.<action>` as the persona; the envelope. */
  call<T = any>(action: string, data: unknown, p: Persona): Promise<Envelope<T>>;
  /** Like `call`, the data; throws with the error's code and message when refused. */
  ok<T = any>(action: string, data: unknown, p: Persona): Promise<T>;
}

/** The error code of an envelope, or `ok`. */
export const codeOf = (r: { ok: boolean; error?: { code: string } }): string => (r.ok ? 'ok' : r.error!.code);

async function seedRegions(t: TestStack): Promise<void> {
  const up = ['340000', '341700'];
  const { in: IN, near: NEAR } = SIDES;
  await insert(t.app, 'regions', { _id: IN.countyCode, code: IN.countyCode, name: '东至县', level: 'county', parentCode: '341700', ancestors: up });
  for (const [side, tn, vn] of [[IN, '尧渡镇', '团结社区'], [NEAR, '东流镇', '桃园村']] as const) {
    await insert(t.app, 'regions', { _id: side.townshipCode, code: side.townshipCode, name: tn, level: 'township', parentCode: side.countyCode, ancestors: [...up, side.countyCode] });
    await insert(t.app, 'regions', { _id: side.villageCode, code: side.villageCode, name: vn, level: 'village', parentCode: side.townshipCode, ancestors: [...up, side.countyCode, side.townshipCode] });
  }
}

/**
 * Registers the file's beforeAll / afterAll / beforeEach.
 * @param functions the functions the stack runs
 * @param seed the file's own documents, inserted after the regions before each test
 */
export function useCommunityStack(functions: string[], seed?: (t: TestStack) => Promise<void>): CommunityStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack({ functions });
    useStackKey(stack);
  }, 120_000);
  afterAll(async () => stack?.stop());
  beforeEach(async () => {
    await stack!.reset();
    stack!.clock.set(new Date('2026-07-04T01:00:00Z'));
    await seedRegions(stack!);
    await seed?.(stack!);
  });
  const call = <T = any>(action: string, data: unknown, p: Persona) => stack!.call<T>('community', action, data, { openid: p.openid });
  return {
    get t() {
      return stack!;
    },
    call,
    async ok<T = any>(action: string, data: unknown, p: Persona): Promise<T> {
      const r = await call<T>(action, data, p);
      if (!r.ok) throw new Error(`community.${action} failed: ${JSON.stringify(r.error)}`);
      return r.data;
    },
  };
}
