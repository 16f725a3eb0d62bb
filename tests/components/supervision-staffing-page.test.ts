/**
 * 队伍建设 (packageSupervision/pages/staffing): per township the staff it needs and has, per
 * village its child-protection officer; villages without one first, with 邀请专干, which opens
 * 邀请 with the role and that village already chosen, so one more tap (生成邀请) invites.
 */
import { settle, visibleText, openLoaded } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;

const region = (code: string, name: string, level: string) => ({ code, name, level });
const STAFFING = {
  region: region('341721', '东至县', 'county'),
  manyChildren: 200,
  townships: [
    {
      region: region('341721100', '尧渡镇', 'township'),
      children: 412,
      needed: 2,
      staff: [{ personId: 'p1', name: '周敏' }],
      villages: [
        { region: region('341721100001', '团结社区', 'village'), children: 96, officers: [{ personId: 'p2', name: '王芳' }] },
        { region: region('341721100002', '东风村', 'village'), children: 140, officers: [] },
      ],
      villagesWithoutOfficer: 1,
    },
    {
      region: region('341721101', '东流镇', 'township'),
      children: 150,
      needed: 1,
      staff: [{ personId: 'p3', name: '陈立' }],
      villages: [{ region: region('341721101001', '新桥村', 'village'), children: 150, officers: [{ personId: 'p4', name: '刘强' }] }],
      villagesWithoutOfficer: 0,
    },
  ],
  totals: { villages: 3, villagesWithoutOfficer: 1, townships: 2, townshipsUnderstaffed: 1 },
  canInvite: true,
};

beforeEach(() => {
  actAs('countyAdmin');
  wx.navigateTo = jest.fn();
  wx.setNavigationBarTitle = jest.fn();
});
afterAll(() => actAs());

test('the county table: totals, each township short or complete, villages without an officer first with 邀请专干', async () => {
  const api = mockBackend({ 'supervision.staffing': () => STAFFING });
  const page = await openLoaded('packageSupervision/pages/staffing/index');
  expect(api.calls('supervision.staffing')).toEqual([{}]);
  expect(visibleText(page.querySelector('.summary')!)).toBe('全县 3 个村（社区），1 个未明确专干；2 个乡镇，1 个工作人员不足');
  const towns = page.querySelectorAll('.township').map(visibleText);
  expect(towns[0]).toContain('应配乡镇工作人员 2 人，现有 1 人：周敏');
  expect(towns[0]).toContain('缺 1 人');
  expect(towns[1]).toContain('已配齐');
  const villages = page.querySelectorAll('.village').map(visibleText);
  expect(villages[0]).toContain('东风村');
  expect(villages[0]).toContain('未明确儿童保护专干');
  expect(villages[1]).toContain('专干：王芳');
  // Only the village without an officer offers an invitation.
  expect(page.querySelectorAll('.invite')).toHaveLength(1);
  page.querySelector('.invite >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packageAccount/pages/invite/index?role=villageOfficer&place=341721100002' });
});

test('邀请 opened from 邀请专干 has the role and the village chosen: 生成邀请 invites an officer for that village', async () => {
  const village = (code: string, label: string, group: string) => ({ key: code, label, group, scope: { kind: 'region', codes: [code] } });
  const api = mockBackend({
    'accounts.inviteOptions': () => ({
      roles: [
        { role: 'villageOfficer', roleLabel: '村留守儿童保护专干', multiple: false, choices: [village('341721100001', '团结社区', '尧渡镇'), village('341721100002', '东风村', '尧渡镇'), village('341721101001', '新桥村', '东流镇')], supervisorOption: false },
        { role: 'townshipStaff', roleLabel: '乡镇工作人员', multiple: false, choices: [{ key: '341721100', label: '尧渡镇', scope: { kind: 'region', codes: ['341721100'] } }], supervisorOption: true },
      ],
    }),
    'accounts.createInvitation': () => failure('NETWORK', '网络异常，请稍后重试'),
  });
  const page = await openLoaded('packageAccount/pages/invite/index', { role: 'villageOfficer', place: '341721100002' });
  page.instance.onName({ detail: { value: '赵梅' } });
  await settle();
  page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(api.calls('accounts.createInvitation')).toEqual([expect.objectContaining({ role: 'villageOfficer', scope: { kind: 'region', codes: ['341721100002'] }, inviteeName: '赵梅' })]);
});

test('township staff without the right to invite see no button; a failure says why and retries', async () => {
  actAs('townshipStaff');
  const api = mockBackend({ 'supervision.staffing': () => failure('NOT_READY', '指标正在首次统计，请稍后再看') });
  const page = await openLoaded('packageSupervision/pages/staffing/index', { region: '341721100' });
  expect(api.calls('supervision.staffing')).toEqual([{ regionCode: '341721100' }]);
  expect(visibleText(page.querySelector('.load-error')!)).toContain('指标正在首次统计，请稍后再看');
  api.route('supervision.staffing', () => ({ ...STAFFING, region: region('341721100', '尧渡镇', 'township'), townships: [STAFFING.townships[0]], canInvite: false }));
  page.querySelector('.load-error >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(visibleText(page)).toContain('尧渡镇队伍建设');
  expect(visibleText(page.querySelector('.summary')!)).toContain('本乡镇');
  expect(page.querySelectorAll('.invite')).toHaveLength(0);
});
