/**
 * 儿童档案 (packageRegistry/pages/child/index): the file as the function presents it (masked
 * values shown as given), and the one-tap 强制报告 button that opens the report form for this
 * child (policy §二(一): report at once).
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
  wx.navigateTo = jest.fn();
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string } }) => {
    if (name === 'registry' && data.action === 'getChild') {
      return { result: { ok: true, data: { child: { id: 'c-7', name: '王*明', gender: 'male', age: 9, idNumber: '3417**********123X', group: '3组', schooling: 'primary', health: 'healthy', effectiveStatus: 'active', effectiveFlags: [], guardianshipType: 'good' } } } };
    }
    if (name === 'registry' && data.action === 'childHistory') return { result: { ok: true, data: { entries: [] } } };
    throw { errCode: -501000, errMsg: 'no mock' };
  });
});

test('shows the masked file and opens the report form for this child with one tap', async () => {
  const page = openPage('packageRegistry/pages/child/index', { id: 'c-7' });
  await settle();
  const text = visibleText(page);
  expect(text).toContain('王*明');
  expect(text).toContain('3417**********123X');
  page.querySelector('.report >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageCare/pages/report/index?childId=c-7' });
});
