/**
 * Screenshots of the helpline pages agents and departments use (invented data from
 * tests/components/helpline-fixtures.ts, the back end answered in place): the workbench on duty,
 * a crisis request held by the agent, referring it to a township picked by name, logging a phone
 * call, a township officer's referrals, the supervisor editing the crisis words.
 */
import { fixClock, openPage, settle } from '../../tests/components/harness';
import { actAs, mockBackend } from '../../tests/components/page-backend';
import { CLOSED_CALL, CRISIS, CRISIS_WORDS, DETAIL_HELD, NORMAL, REFERRALS_OPEN, REGIONS, TARGETS, queueOf } from '../../tests/components/helpline-fixtures';
import { capture } from './capture';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));
jest.setTimeout(60_000);

const wx = (global as any).wx;

beforeEach(() => {
  wx.removeStorageSync('shouwang.elderMode');
  wx.navigateTo = jest.fn();
  // The evening the invented requests came in.
  fixClock('2026-03-02T21:30:00+08:00');
});

afterEach(() => {
  jest.useRealTimers();
});

test('helpline workbench (热线工作台)', async () => {
  mockBackend({ 'helpline.queue': () => queueOf([CRISIS, NORMAL], true), 'helpline.myClaims': () => ({ requests: [CLOSED_CALL] }) });
  const page = openPage('packageHelpline/pages/workbench/index');
  await settle(20);
  await capture('helpline-1-workbench', 'packageHelpline/pages/workbench/index', page);
});

test('helpline request (求助详情)', async () => {
  mockBackend({ 'helpline.getRequest': () => DETAIL_HELD, 'registry.regions': () => REGIONS, 'helpline.handoffTargets': () => TARGETS });
  const page = openPage('packageHelpline/pages/request/index', { id: 'hl-crisis' });
  await settle(20);
  await capture('helpline-2-request-crisis', 'packageHelpline/pages/request/index', page);
  page.instance.setData({ panel: 'refer' });
  page.instance.onDepartment({ detail: { value: 'civilAffairs' } });
  page.instance.setData({ 'refer.summary': '13岁女孩，父母在外务工，近期情绪低落，请乡镇核实照料情况', 'refer.reason': '需要线下核实照料' });
  await settle(10);
  const picker = page.querySelector('.refer-region')!;
  await picker.instance.ensureLoaded();
  picker.instance.setData({ value: '341721100' });
  await settle(10);
  await capture('helpline-3-request-refer', 'packageHelpline/pages/request/index', page);
  page.instance.onUnload();
});

test('helpline request referred to a 服务机构 (求助详情 → 转介)', async () => {
  const targets = { ...TARGETS, sites: [...TARGETS.sites, { siteId: 'site-ngo', name: '东至县阳光社会工作服务中心', kindLabel: '社会组织', regionCode: '341721100', staffed: false }] };
  mockBackend({ 'helpline.getRequest': () => DETAIL_HELD, 'registry.regions': () => REGIONS, 'helpline.handoffTargets': () => targets });
  const page = openPage('packageHelpline/pages/request/index', { id: 'hl-crisis' });
  await settle(20);
  page.instance.setData({ panel: 'refer' });
  page.instance.onDepartment({ detail: { value: 'site' } });
  await settle(20);
  page.instance.onSite({ detail: { value: 'site-centre' } });
  page.instance.setData({ 'refer.summary': '13岁女孩，父母在外务工，近期情绪低落，有自伤念头，请中心安排心理疏导', 'refer.reason': '需要专业心理疏导' });
  await settle(10);
  await capture('helpline-7-request-refer-site', 'packageHelpline/pages/request/index', page);
  page.instance.onUnload();
});

test('helpline call form (登记来电)', async () => {
  mockBackend({});
  const page = openPage('packageHelpline/pages/call/index');
  await settle();
  page.querySelectorAll('.category >>> .t-radio')[2].dispatchEvent('tap');
  page.querySelectorAll('.caller >>> .t-radio')[2].dispatchEvent('tap');
  await settle();
  page.instance.set({ description: '奶奶来电：孙子最近总玩手机不写作业，说了就发脾气。', callbackPhone: '13900002222' });
  await settle();
  await capture('helpline-4-call', 'packageHelpline/pages/call/index', page);
});

test('helpline referrals for a township officer (热线转介单)', async () => {
  actAs('townshipStaff');
  mockBackend({ 'helpline.listReferrals': () => ({ referrals: REFERRALS_OPEN }) });
  const page = openPage('packageHelpline/pages/referrals/index');
  await settle(20);
  page.instance.setData({ answering: 'ref-1', reply: '已上门核实：奶奶接送，孩子安全，已联系父母每周视频。' });
  await settle();
  await capture('helpline-5-referrals', 'packageHelpline/pages/referrals/index', page);
});

test('helpline crisis words for the supervisor (危机词表)', async () => {
  actAs('helplineSupervisor');
  mockBackend({ 'helpline.crisisWords': () => CRISIS_WORDS });
  const page = openPage('packageHelpline/pages/crisis-words/index');
  await settle(20);
  await capture('helpline-6-crisis-words', 'packageHelpline/pages/crisis-words/index', page);
});
