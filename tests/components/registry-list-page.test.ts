/**
 * 儿童档案 list (packageRegistry/pages/list/index) rendered with miniprogram-simulate and the real
 * TDesign components: the officer sees their children with risk level and flags, filters by
 * risk level (the search input the function gets), loads more pages, and sees the function's
 * Chinese error when the call fails.
 */
import { env } from '../../miniprogram/config/env';
import { openPage, settle, visibleText } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const cloud = wx.cloud as { callFunction: jest.Mock };

const child = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `c${i}`,
  name: `王小${'一二三四五六七八九十'[i % 10]}`,
  gender: i % 2 ? 'male' : 'female',
  age: 8,
  villageCode: '341721100001',
  group: '3组',
  riskLevel: 'regular',
  flags: [],
  incomplete: false,
  status: 'active',
  ...extra,
});

let calls: Record<string, unknown>[];
function backend(pages: { children: unknown[]; hasMore: boolean }[] | { error: { code: string; message: string } }): void {
  calls = [];
  cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string; data: Record<string, unknown> } }) => {
    if (name !== 'registry' || data.action !== 'searchChildren') throw { errCode: -501000, errMsg: 'no mock' };
    calls.push(data.data);
    if ('error' in pages) return { result: { ok: false, error: pages.error } };
    const page = pages[Math.min(calls.length - 1, pages.length - 1)];
    return { result: { ok: true, data: page } };
  });
}

beforeEach(() => {
  env.mode = 'cloud';
  cloud.callFunction.mockReset();
});

test('lists the children with risk level, flags and 待补全, and pages with 加载更多', async () => {
  backend([
    { children: [child(1, { riskLevel: 'focus', flags: ['dropout'] }), child(2, { incomplete: true })], hasMore: true },
    { children: [child(3)], hasMore: false },
  ]);
  const page = openPage('packageRegistry/pages/list/index');
  await settle();
  expect(calls[0]).toEqual({ skip: 0, limit: 20 });
  const text = visibleText(page);
  expect(text).toContain('王小二');
  expect(text).toContain('重点');
  expect(text).toContain('标记：辍学');
  expect(text).toContain('档案待补全');
  expect(page.querySelectorAll('.child-row')).toHaveLength(2);

  const more = page.querySelector('.more >>> .t-button');
  expect(more?.dom?.textContent?.trim()).toBe('加载更多');
  more!.dispatchEvent('tap');
  await settle();
  expect(calls[1]).toEqual({ skip: 2, limit: 20 });
  expect(page.querySelectorAll('.child-row')).toHaveLength(3);
  expect(page.querySelector('.more')).toBeUndefined();
});

test('tapping 重点 searches focus children only', async () => {
  backend([{ children: [child(1)], hasMore: false }]);
  const page = openPage('packageRegistry/pages/list/index');
  await settle();
  const chips = page.querySelectorAll('.chip');
  const focus = chips.find((c) => c.dom.textContent === '重点')!;
  focus.dispatchEvent('tap');
  await settle();
  expect(calls[calls.length - 1]).toEqual({ skip: 0, limit: 20, riskLevel: 'focus' });
});

test('a refused search shows the function\'s message', async () => {
  backend({ error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } });
  const page = openPage('packageRegistry/pages/list/index');
  await settle();
  expect(visibleText(page)).toContain('您没有权限进行此操作');
  expect(page.querySelectorAll('.child-row')).toHaveLength(0);
});
