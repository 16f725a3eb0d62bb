/**
 * 儿童档案 (packageRegistry/pages/child/index) as a village officer: the 监护责任确认书 section
 * shows the child's confirmation status with a link, 准备确认书 calls `prepareConfirmation` with
 * only the child and a request id (the function fills the parties from the file) and opens the
 * new confirmation, and a revocation needs a reason. The file and 强制报告 stay as they were.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageRegistry/pages/child/index';

const party = (key: string, signed: boolean) => ({ key, name: key === 'village' ? '团结社区村（居）民委员会' : '某', label: key, signed });
let confirmations: any[];
let father: any;

beforeEach(() => {
  (global as any).__app.globalData.roles = ['villageOfficer'];
  father = { name: '陈建业', workPlace: '浙江宁波' };
  confirmations = [];
  wx.navigateTo = jest.fn();
  wx.cloud.callFunction = jest.fn(async ({ name, data }: any) => {
    const ok = (d: unknown) => ({ result: { ok: true, data: d } });
    if (name === 'registry' && data.action === 'getChild') {
      return ok({ child: { id: 'c-7', name: '王*明', gender: 'male', effectiveStatus: 'active', effectiveFlags: [], guardianshipType: 'entrusted', father, entrusted: { name: '陈桂芳', relationToChild: '祖母' } }, siblings: [] });
    }
    if (name === 'registry' && data.action === 'childHistory') return ok({ entries: [], hasMore: false });
    if (name === 'guardianship' && data.action === 'listConfirmations') return ok({ confirmations });
    if (name === 'guardianship' && data.action === 'prepareConfirmation') {
      const c = { id: 'conf-new', status: 'pending', parties: [party('father', false), party('entrusted', false), party('village', false)] };
      confirmations = [c, ...confirmations];
      return ok({ confirmation: c, notified: 2, reused: false });
    }
    if (name === 'guardianship' && data.action === 'revokeConfirmation') {
      confirmations = confirmations.map((c) => (c.id === data.data.confirmationId ? { ...c, status: 'revoked', revokeReason: data.data.reason } : c));
      return ok({ confirmation: {}, renewalNeeded: data.data.reason !== 'childLeft' });
    }
    return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
  });
});

afterAll(() => {
  (global as any).__app.globalData.roles = [];
});

const calls = (action: string) => (wx.cloud.callFunction as jest.Mock).mock.calls.filter(([a]) => a.data.action === action).map(([a]) => a.data.data);

async function open(): Promise<SimNode> {
  const page = openPage(PAGE, { id: 'c-7' });
  await settle();
  await settle();
  return page;
}

test('no confirmation yet: the section says so, and 准备确认书 prepares one from the file and opens it', async () => {
  const page = await open();
  let text = visibleText(page);
  expect(text).toContain('王*明'); // the file is still there
  expect(text).toContain('强制报告');
  expect(text).toContain('监护责任确认书');
  expect(text).toContain('尚未签订监护责任确认书');
  expect(text).toContain('将按档案填写签署方：法定监护人（父亲）、受委托监护人、村（居）民委员会');
  expect(calls('listConfirmations')).toEqual([{ childId: 'c-7' }]);

  page.querySelector('.prepare >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  const sent = calls('prepareConfirmation');
  expect(sent).toHaveLength(1);
  expect(Object.keys(sent[0]).sort()).toEqual(['childId', 'requestId']); // parties left to the function
  expect(sent[0]).toMatchObject({ childId: 'c-7', requestId: expect.stringMatching(/^.{8,64}$/) });
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageGuardianship/pages/confirmation/index?id=conf-new' });
  text = visibleText(page);
  expect(text).toContain('待签署');
  expect(text).toContain('已签 0/3');
  expect(page.querySelector('.prepare')).toBeUndefined(); // one pending at a time
});

test('a file without any guardian named: 准备确认书 explains instead of calling', async () => {
  father = undefined;
  confirmations = [];
  wx.cloud.callFunction.mockImplementationOnce(async () => ({
    result: { ok: true, data: { child: { id: 'c-7', name: '王*明', effectiveStatus: 'active', effectiveFlags: [] }, siblings: [] } },
  }));
  const page = await open();
  page.querySelector('.prepare >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(calls('prepareConfirmation')).toHaveLength(0);
  expect(visibleText(page)).toContain('档案中未填写父母或受委托监护人姓名');
});

test('in force: status with its expiry and a link; revoking needs a reason, then asks for a new one', async () => {
  confirmations = [{ id: 'conf-1', status: 'inForce', expiresOn: '2027-03-02', parties: [party('father', true), party('village', true)] }];
  const page = await open();
  expect(visibleText(page)).toContain('生效中');
  expect(visibleText(page)).toContain('有效期至 2027-03-02 前一日');
  // A renewal may be prepared while one is in force (it replaces it once signed).
  expect(page.querySelector('.prepare')).toBeTruthy();
  expect(visibleText(page)).toContain('准备确认书');

  page.querySelector('.conf-status >>> .row')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageGuardianship/pages/confirmation/index?id=conf-1' });

  page.querySelector('.revoke-start >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请选择撤销原因');
  page.querySelector('.revoke-confirm >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(calls('revokeConfirmation')).toHaveLength(0);
  expect(visibleText(page)).toContain('请选择撤销原因');

  // The reasons are TDesign radio choices.
  expect(page.querySelectorAll('.revoke-reason >>> .t-radio__title').map((r) => String(r.dom.textContent).trim())).toEqual(['监护人变更', '父母返乡', '儿童退出信息库', '内容有误', '其他']);
  page.querySelectorAll('.revoke-reason >>> .t-radio')[0].dispatchEvent('tap');
  await settle();
  page.querySelector('.revoke-confirm >>> .t-button')!.dispatchEvent('tap');
  await settle();
  await settle();
  expect(calls('revokeConfirmation')).toEqual([{ confirmationId: 'conf-1', reason: 'guardianChanged' }]);
  const text = visibleText(page);
  expect(text).toContain('已撤销，请为该儿童重新准备确认书');
  expect(text).toContain('最近一份已撤销（监护人变更）');
});

test('not an officer (e.g. a teacher): no confirmation section and no guardianship call', async () => {
  (global as any).__app.globalData.roles = ['teacher'];
  const page = await open();
  expect(visibleText(page)).not.toContain('监护责任确认书');
  expect(calls('listConfirmations')).toHaveLength(0);
  expect(visibleText(page)).toContain('强制报告');
});

test('关爱帮扶 opens the child’s 团组织结对与关爱活动 with its name', async () => {
  const page = await open();
  expect(visibleText(page.querySelector('.care-community')!)).toContain('团组织结对与关爱活动');
  page.instance.onCommunityCare();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/packageCommunity/pages/child-care/index?childId=c-7&name=${encodeURIComponent('王*明')}` });
});
