/**
 * Demo seed step: a social organisation and a Youth League organisation (issue 18), saved through
 * the `community` function as the demo township officer — 尧渡镇's social work station (its
 * premises are the 社会组织服务点 the community step listed) with a 爱的背包 project and an award,
 * and 共青团尧渡镇委员会 paired with a child of the demo registry. Runs after the community step.
 * Names, codes and numbers are invented.
 */
import type { InvocationIdentity } from '../standin/types';
import type { SeedInvoke } from './articles';
import { DEMO_COUNTY, DEMO_TOWNSHIP, personaOpenid } from './personas';
import { creditCheckChar } from '../../cloudfunctions/_shared/contracts/fields';

/** Calls a community action as the demo township officer; the action's data, or a reason to skip. */
async function call<T>(invoke: SeedInvoke, action: string, data: unknown): Promise<T> {
  const identity: InvocationIdentity = { openid: personaOpenid('townshipStaff'), source: 'wx_client' };
  const r = await invoke('community', { action, data }, identity);
  if (!r.ok) throw new Error(r.code === 'FUNCTION_NOT_FOUND' ? 'SKIP' : `community.${action}: ${r.code} ${r.message}`);
  const env = r.result as { ok: boolean; data?: T; error?: { code: string; message: string } };
  if (!env.ok) throw new Error(`community.${action}: ${env.error?.code} ${env.error?.message}`);
  return env.data as T;
}

/** Saves the demo organisations; the summary line for the start banner. */
export async function seedCommunityOrgs(invoke: SeedInvoke | undefined): Promise<string> {
  if (!invoke) return '社会组织与团组织：跳过（无函数调用器）';
  try {
    const sites = await call<{ sites: { siteId: string; kind: string }[] }>(invoke, 'sites', {});
    const premises = sites.sites.filter((s) => s.kind === 'organisation').map((s) => s.siteId);
    const first17 = `52${DEMO_COUNTY}MJ1234567`;
    const org = await call<{ orgId: string }>(invoke, 'saveOrg', {
      name: '尧渡镇春苗社会工作服务中心',
      creditCode: first17 + creditCheckChar(first17),
      regionCode: DEMO_TOWNSHIP,
      townships: [DEMO_TOWNSHIP],
      fullTimeStaff: 4,
      contacts: [{ name: '许文静', phone: '13955661234' }],
      services: ['holidayCare', 'tutoring', 'counselling', 'companionship'],
      siteIds: premises,
    });
    await call(invoke, 'saveOrgProject', { orgId: org.orgId, name: '爱的背包', from: '2026-08-20', to: '2026-09-10', childrenReached: 126, townshipCode: DEMO_TOWNSHIP });
    await call(invoke, 'saveOrgAward', { orgId: org.orgId, name: '全县优秀社会组织', year: 2025, issuer: '县民政局' });
    const league = await call<{ leagueOrgId: string }>(invoke, 'saveLeagueOrg', { name: '共青团尧渡镇委员会', level: 'township', regionCode: DEMO_TOWNSHIP, contactName: '程亮', contactPhone: '13955665678' });
    const detail = await call<{ candidates: { childId: string }[] }>(invoke, 'leagueOrg', { leagueOrgId: league.leagueOrgId });
    const child = detail.candidates[0];
    if (child) await call(invoke, 'pairLeagueChild', { leagueOrgId: league.leagueOrgId, childId: child.childId, since: '2026-09-01', memberName: '程亮' });
    return `社会组织与团组织：1 家社会组织（含项目和奖项），1 个乡镇团委${child ? '（结对1名儿童）' : ''}`;
  } catch (err) {
    if ((err as Error).message === 'SKIP') return '社会组织与团组织：跳过（community 函数未构建）';
    throw err;
  }
}
