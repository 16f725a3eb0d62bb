/**
 * The demo seed registers a social organisation (premises, a 爱的背包 project, an award) and
 * 共青团尧渡镇委员会 paired with a demo child, through the community function as the demo
 * township officer; the organisation's staff persona finds it on 社会组织.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { personaOpenid } from '../../local/seed/personas';

jest.setTimeout(120_000);

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['community'], demo: true });
}, 180_000);
afterAll(async () => t?.stop());

test('the demo township has one organisation with a project and an award, and one 团委 with a paired child', async () => {
  expect(t.stack.prepared.seeded.join('\n')).toContain('社会组织与团组织：1 家社会组织（含项目和奖项），1 个乡镇团委（结对1名儿童）');
  const staff = { openid: personaOpenid('townshipStaff') };
  const orgs = await t.call<any>('community', 'orgs', {}, staff);
  if (!orgs.ok) throw new Error(JSON.stringify(orgs.error));
  expect(orgs.data.orgs.map((o: any) => [o.name, o.projects.map((p: any) => p.name), o.awards.map((a: any) => a.name), o.premises.length])).toEqual([['尧渡镇春苗社会工作服务中心', ['爱的背包'], ['全县优秀社会组织'], 1]]);
  const league = await t.call<any>('community', 'leagueOrgs', {}, staff);
  expect(league.ok && league.data.orgs.map((o: any) => [o.name, o.paired])).toEqual([['共青团尧渡镇委员会', 1]]);
});
