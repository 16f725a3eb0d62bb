/**
 * 登记来电 (packageHelpline/pages/call/index) rendered with miniprogram-simulate: TDesign choices for
 * the category and the caller, what is missing named before anything is sent, one call logged
 * per page (a retry reuses the request id), and the new request opening in place of the form.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';
import { mockBackend } from './page-backend';
import { HELD } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageHelpline/pages/call/index';

async function submit(page: SimNode): Promise<void> {
  page.querySelector('.submit >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
}

beforeEach(() => {
  wx.redirectTo = jest.fn();
});

test('the form offers the categories and callers as choices and names what is missing', async () => {
  const api = mockBackend({});
  const page = openPage(PAGE);
  await settle();
  expect(page.querySelectorAll('.category >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['心理健康', '法律咨询', '家庭教育', '就业创业']);
  expect(page.querySelectorAll('.caller >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['儿童本人', '家长', '爷爷奶奶或其他监护人', '老师', '其他群众']);
  expect(page.dom.querySelector('wx-radio, wx-switch')).toBeNull();
  await submit(page);
  expect(visibleText(page)).toContain('请选择求助类别');
  page.querySelectorAll('.category >>> .t-radio')[2].dispatchEvent('tap');
  await submit(page);
  expect(visibleText(page)).toContain('请选择来电人');
  expect(api.log).toEqual([]);
});

test('a logged call is sent once with what was typed, and opens as a request', async () => {
  let attempt = 0;
  const api = mockBackend({
    'helpline.logCall': () => {
      if (++attempt === 1) throw new Error('offline'); // the first try never reaches the function
      return { request: { ...HELD, id: 'hlc-1', source: 'phone' }, duplicate: false };
    },
  });
  const page = openPage(PAGE);
  await settle();
  page.querySelectorAll('.category >>> .t-radio')[2].dispatchEvent('tap'); // 家庭教育
  page.querySelectorAll('.caller >>> .t-radio')[2].dispatchEvent('tap'); // 爷爷奶奶或其他监护人
  page.querySelector('.description >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '奶奶来电：孙子最近总玩手机不写作业，说了就发脾气。' } });
  page.querySelector('.phone >>> .t-input__control')!.dispatchEvent('input', { detail: { value: '13900002222', cursor: 11, keyCode: 0 } });
  await settle();
  await submit(page);
  // The first try fails (no network): everything stays, and the retry is the same call.
  expect(visibleText(page)).toContain('网络异常');
  expect(page.instance.data.form.description).toContain('孙子最近总玩手机');
  await submit(page);
  const sent = api.calls('helpline.logCall');
  expect(sent).toHaveLength(2);
  expect(sent[1]).toEqual({
    requestId: sent[0].requestId,
    category: 'familyEducation',
    requesterKind: 'guardian',
    description: '奶奶来电：孙子最近总玩手机不写作业，说了就发脾气。',
    anonymous: false,
    urgent: false,
    callbackPhone: '13900002222',
  });
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/packageHelpline/pages/request/index?id=hlc-1' });
});

test('an anonymous caller’s number is never sent; urgent is sent as said', async () => {
  const api = mockBackend({ 'helpline.logCall': () => ({ request: { ...HELD, id: 'hlc-2' }, duplicate: false }) });
  const page = openPage(PAGE);
  await settle();
  page.querySelectorAll('.category >>> .t-radio')[0].dispatchEvent('tap');
  page.querySelectorAll('.caller >>> .t-radio')[0].dispatchEvent('tap');
  page.querySelector('.description >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '孩子哭着说不想上学了' } });
  page.querySelector('.urgent >>> .t-switch__body')!.dispatchEvent('tap');
  page.querySelector('.anonymous >>> .t-switch__body')!.dispatchEvent('tap');
  await settle();
  expect(page.querySelector('.phone')).toBeUndefined();
  await submit(page);
  expect(api.calls('helpline.logCall')[0]).toMatchObject({ anonymous: true, urgent: true, requesterKind: 'child' });
  expect(api.calls('helpline.logCall')[0].callbackPhone).toBeUndefined();
});
