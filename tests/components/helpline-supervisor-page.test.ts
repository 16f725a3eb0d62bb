/**
 * 热线主管 (packageHelpline/pages/supervisor/index) rendered with miniprogram-simulate (one page per file: the harness registers each page's
 * components once per file). The helpline function is mocked at `wx.cloud.callFunction`.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';
import { mockHelpline } from './helpline-backend';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
});

test('the supervisor view: waiting now, longest wait, who is on duty, the metrics', async () => {
  mockHelpline();
  const sup = openPage('packageHelpline/pages/supervisor/index');
  await settle(10);
  const s = visibleText(sup);
  expect(s).toContain('正在排队');
  expect(s).toContain('45分钟');
  expect(s).toContain('钱佳怡');
  expect(s).toContain('12分钟 / 35分钟');
  // 导出: the workbook is written to the user folder and opened.
  const writeFile = jest.fn((o: any) => o.success());
  const openDocument = jest.fn((o: any) => o.success());
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  wx.getFileSystemManager = () => ({ writeFile });
  wx.openDocument = openDocument;
  sup.querySelector('.export >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(writeFile.mock.calls[0][0]).toMatchObject({ filePath: 'wxfile://usr/热线服务指标.xlsx', data: 'UEsDBA==', encoding: 'base64' });
  expect(openDocument.mock.calls[0][0]).toMatchObject({ filePath: 'wxfile://usr/热线服务指标.xlsx', fileType: 'xlsx' });
});
