/**
 * 导入花名册 (packageRegistry/pages/import/index): choosing a roster uploads it, starts the job and
 * polls it to the end; the page remembers the job, so the next visit shows where it stands
 * (`registry.importStatus`) and continues an unfinished one with one tap.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';
import { actAs, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));

const wx = (global as any).wx;
const PAGE = 'packageRegistry/pages/import/index';
const counts = (accepted: number, rejected: number) => ({ accepted, updated: 0, rejected, warnings: 0, skipped: 2 });
const progress = (done: number, status: 'running' | 'done', rejected = 0) => ({ jobId: 'imp_7f3a', status, fileName: '341721-尧渡镇-留守儿童花名册.xlsx', total: 120, done, counts: counts(done - rejected, rejected), problems: [] });

async function open(): Promise<SimNode> {
  const page = openPage(PAGE);
  await settle();
  await settle();
  return page;
}

beforeEach(() => {
  actAs('villageOfficer');
  wx.removeStorageSync('shouwang.lastImport');
});
afterAll(() => actAs());

test('choosing a roster uploads it, starts the job, polls it to the end and remembers it', async () => {
  wx.chooseMessageFile = jest.fn((o: any) => o.success({ tempFiles: [{ path: 'wxfile://tmp/a.xlsx', name: '341721-尧渡镇-留守儿童花名册.xlsx' }] }));
  wx.cloud.uploadFile = jest.fn(async () => ({ fileID: 'cloud://env/census/uploads/a.xlsx' }));
  // Into the slot registry.rosterSlot hands the officer, the only place startImport takes a roster from.
  let step = 0;
  const slotPath = 'census/uploads/0123456789abcdef0123/aaaaaaaaaaaaaaaaaaaaaaaa/341721-尧渡镇-留守儿童花名册.xlsx';
  const api = mockBackend({
    'registry.rosterSlot': () => ({ slots: [{ cloudPath: slotPath, expiresAt: '2026-12-06T00:00:00.000Z' }] }) as never,
    'registry.startImport': () => progress(0, 'running'),
    'registry.advanceImport': () => (++step < 2 ? progress(60, 'running') : progress(120, 'done', 3)),
  });
  const page = await open();
  expect(api.log).toEqual([]);
  page.querySelector('.choose >>> .t-button')!.dispatchEvent('tap');
  for (let i = 0; i < 6; i++) await settle();
  expect(api.calls('registry.startImport')).toEqual([expect.objectContaining({ fileID: 'cloud://env/census/uploads/a.xlsx', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' })]);
  expect(api.calls('registry.rosterSlot')).toEqual([{ fileName: '341721-尧渡镇-留守儿童花名册.xlsx' }]);
  expect(wx.cloud.uploadFile).toHaveBeenCalledWith({ cloudPath: slotPath, filePath: 'wxfile://tmp/a.xlsx' });
  expect(api.calls('registry.advanceImport')).toEqual([{ jobId: 'imp_7f3a' }, { jobId: 'imp_7f3a' }]);
  const text = visibleText(page);
  expect(text).toContain('本次导入');
  expect(text).toContain('已完成');
  expect(text).toContain('新增 117，更新 0，未导入 3');
  expect(text).toContain('下载错误报告（3 行未导入）');
  expect(wx.getStorageSync('shouwang.lastImport')).toEqual({ jobId: 'imp_7f3a', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' });
});

test('the next visit shows the unfinished job and 继续导入 continues it', async () => {
  wx.setStorageSync('shouwang.lastImport', { jobId: 'imp_7f3a', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' });
  const api = mockBackend({
    'registry.importStatus': () => progress(40, 'running'),
    'registry.advanceImport': () => progress(120, 'done'),
  });
  const page = await open();
  expect(api.calls('registry.importStatus')).toEqual([{ jobId: 'imp_7f3a' }]);
  let text = visibleText(page);
  expect(text).toContain('上次导入');
  expect(text).toContain('已处理 40 / 120 行');
  page.querySelector('.resume >>> .t-button')!.dispatchEvent('tap');
  for (let i = 0; i < 4; i++) await settle();
  expect(api.calls('registry.advanceImport')).toEqual([{ jobId: 'imp_7f3a' }]);
  text = visibleText(page);
  expect(text).toContain('已完成');
  expect(page.querySelector('.resume')).toBeUndefined();
});

test('nothing imported yet: only the choice; a job that is gone is forgotten', async () => {
  let api = mockBackend({});
  let page = await open();
  expect(api.log).toEqual([]);
  expect(visibleText(page)).toContain('选择文件并导入');
  expect(page.querySelector('.file')).toBeUndefined();

  wx.setStorageSync('shouwang.lastImport', { jobId: 'imp_gone', fileName: 'x.xlsx' });
  api = mockBackend({});
  api.fail('registry.importStatus', { code: 'NOT_FOUND', message: '未找到该导入任务' });
  page = await open();
  expect(page.querySelector('.file')).toBeUndefined();
  expect(wx.getStorageSync('shouwang.lastImport')).toBe('');
});

test('a status that cannot be read says why, in Chinese', async () => {
  wx.setStorageSync('shouwang.lastImport', { jobId: 'imp_7f3a', fileName: '341721-尧渡镇-留守儿童花名册.xlsx' });
  const api = mockBackend({});
  api.fail('registry.importStatus', { code: 'NETWORK', message: '网络异常，请稍后重试' });
  const page = await open();
  expect(visibleText(page)).toContain('网络异常，请稍后重试');
});
