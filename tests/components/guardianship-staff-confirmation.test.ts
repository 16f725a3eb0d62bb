/**
 * 确认书 (packageGuardianship/pages/confirmation/index) for a village officer: besides signing the
 * committee's line, 协助签署 opens the signing page in assisted mode for each unsigned guardian
 * line of a pending document; nobody else gets it.
 */
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
let status: string;

beforeEach(() => {
  status = 'pending';
  wx.navigateTo = jest.fn();
  wx.cloud.callFunction = jest.fn(async ({ data }: any) =>
    data.action === 'getConfirmation'
      ? {
          result: {
            ok: true,
            data: {
              id: 'conf_1',
              title: '农村留守儿童监护责任确认书',
              status,
              statusLabel: status === 'pending' ? '待签署' : '生效中',
              parties: [
                { key: 'father', label: '法定监护人（父亲）', name: '陈建业', signed: true },
                { key: 'entrusted', label: '受委托监护人', name: '陈桂芳', signed: false },
                { key: 'village', label: '村（居）民委员会', name: '团结社区村（居）民委员会', signed: false },
              ],
              canSign: status === 'pending' ? ['village'] : [],
            },
          },
        }
      : { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } },
  );
});

test('a village officer can assist the unsigned guardian line only', async () => {
  (global as any).__app.globalData.roles = ['villageOfficer'];
  const page = openPage('packageGuardianship/pages/confirmation/index', { id: 'conf_1' });
  await settle();
  expect(visibleText(page)).toContain('协助签署：受委托监护人');
  expect(page.querySelectorAll('.assist')).toHaveLength(1);
  page.querySelector('.assist--entrusted >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/packageGuardianship/pages/sign/index?id=conf_1&party=entrusted&assisted=1' });
});

test('a parent, or a document no longer pending, gets no assisted signing', async () => {
  (global as any).__app.globalData.roles = ['parent'];
  let page = openPage('packageGuardianship/pages/confirmation/index', { id: 'conf_1' });
  await settle();
  expect(visibleText(page)).not.toContain('协助签署');
  (global as any).__app.globalData.roles = ['villageOfficer'];
  status = 'inForce';
  page = openPage('packageGuardianship/pages/confirmation/index', { id: 'conf_1' });
  await settle();
  expect(page.querySelector('.assist')).toBeUndefined();
});
