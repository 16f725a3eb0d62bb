/**
 * Demo seed step: community service sites (issue 18), saved through the `community` function as
 * the demo township officer (尧渡镇's 温馨家园 and a social organisation's premises) and the county
 * admin (the county's shelter), so the public 关爱服务站点 page has something
 * to show. Names, addresses and numbers are invented.
 */
import type { InvocationIdentity } from '../standin/types';
import type { SeedInvoke } from './articles';
import { DEMO_COUNTY, DEMO_TOWNSHIP, DEMO_VILLAGE, personaOpenid } from './personas';

// Placed on the map around the county town (invented points), so 离我最近 has distances to show.
// The county's protection centre itself is seeded with the personas (the 服务机构工作人员's site);
// the county-wide entry here is the shelter, a different place with a different number.
const SITES = [
  { who: 'townshipStaff', site: { kind: 'home', name: '团结社区温馨家园', regionCode: DEMO_VILLAGE, address: '团结社区党群服务中心二楼', hours: '周六、周日及寒暑假 8:30-17:30', phone: '0566-7010001', capacity: 40, services: ['dayCare', 'tutoring', 'activities'], location: { latitude: 30.1052, longitude: 117.0289 } } },
  { who: 'townshipStaff', site: { kind: 'organisation', name: '尧渡镇春苗社会工作服务站', regionCode: DEMO_TOWNSHIP, address: '尧渡镇振兴路18号', hours: '工作日 9:00-17:00', phone: '0566-7010002', services: ['counselling', 'tutoring', 'referral'], location: { latitude: 30.0911, longitude: 117.0163 } } },
  { who: 'countyAdmin', site: { kind: 'shelter', name: '县救助管理站（未成年人临时庇护）', regionCode: DEMO_COUNTY, address: '县城建设路8号', hours: '全天24小时', phone: '0566-7010000', capacity: 20, services: ['shelter', 'referral'], location: { latitude: 30.0853, longitude: 117.0402 } } },
] as const;

/** Saves the demo sites; the summary line for the start banner. */
export async function seedCommunity(invoke: SeedInvoke | undefined): Promise<string> {
  if (!invoke) return '关爱服务站点：跳过（无函数调用器）';
  for (const { who, site } of SITES) {
    const identity: InvocationIdentity = { openid: personaOpenid(who), source: 'wx_client' };
    const r = await invoke('community', { action: 'saveSite', data: site }, identity);
    if (!r.ok) {
      if (r.code === 'FUNCTION_NOT_FOUND') return '关爱服务站点：跳过（community 函数未构建）';
      throw new Error(`community.saveSite: ${r.code} ${r.message}`);
    }
    const env = r.result as { ok: boolean; error?: { code: string; message: string } };
    if (!env.ok) throw new Error(`community.saveSite: ${env.error?.code} ${env.error?.message}`);
  }
  return `关爱服务站点：${SITES.length} 个（温馨家园、社会组织服务点、救助管理站）`;
}
