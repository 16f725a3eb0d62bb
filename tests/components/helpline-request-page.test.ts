/**
 * 求助详情 (packageHelpline/pages/request/index) rendered with miniprogram-simulate: a crisis request
 * shows its steps, 110 and the callback number; a waiting one is claimed only on duty; the agent
 * who holds it replies, logs a callback, refers to a township picked by name, transfers to a
 * colleague, closes; a closed one reopens; a failed load offers 重试.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';
import { failure, mockBackend } from './page-backend';
import { CLOSED_CALL, CRISIS, DETAIL_HELD, REGIONS, TARGETS, queueOf } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageHelpline/pages/request/index';

/** Taps a TDesign button through its inner node, then lets the handler run. */
async function tap(page: SimNode, selector: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-button`)!.dispatchEvent('tap');
  await settle(10);
}
/** Types into a TDesign textarea's inner field. */
async function type(page: SimNode, selector: string, value: string): Promise<void> {
  page.querySelector(`${selector} >>> .t-textarea__wrapper-inner`)!.dispatchEvent('input', { detail: { value } });
  await settle();
}
/** Taps the n-th TDesign radio of a list. */
async function choose(page: SimNode, selector: string, index: number): Promise<void> {
  page.querySelectorAll(`${selector} >>> .t-radio`)[index].dispatchEvent('tap');
  await settle();
}
async function panel(page: SimNode, key: string): Promise<void> {
  page.querySelector(`.panel-tab--${key}`)!.dispatchEvent('tap');
  await settle(10);
}

beforeEach(() => {
  wx.makePhoneCall = jest.fn();
});

afterEach(() => {
  jest.clearAllTimers();
});

test('a waiting crisis request: the steps, 110, the callback number; 领取 on duty claims it', async () => {
  let claimed = false;
  const api = mockBackend({
    'helpline.getRequest': () => (claimed ? DETAIL_HELD : { ...DETAIL_HELD, request: CRISIS, messages: [] }),
    'helpline.queue': () => queueOf([CRISIS], true),
    'helpline.claim': () => ({ request: DETAIL_HELD.request }),
  });
  const page = openPage(PAGE, { id: 'hl-crisis' });
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('危机求助：请按步骤处理');
  expect(text).toContain('马上给求助人回电');
  expect(text).toContain('138 0000 5678');
  expect(text).toContain('爸妈都在外地打工');
  expect(text).toContain('儿童本人');
  await tap(page, '.call-110');
  expect(wx.makePhoneCall.mock.calls[0][0]).toMatchObject({ phoneNumber: '110' });

  claimed = true;
  await tap(page, '.claim');
  expect(api.calls('helpline.claim')).toEqual([{ id: 'hl-crisis' }]);
  expect(visibleText(page)).toContain('已领取，请尽快回复求助人');
  expect(visibleText(page)).toContain('可以打电话。');
  page.instance.onUnload();
});

test('off duty a waiting request cannot be claimed', async () => {
  const api = mockBackend({ 'helpline.getRequest': () => ({ ...DETAIL_HELD, request: CRISIS }), 'helpline.queue': () => queueOf([CRISIS], false) });
  const page = openPage(PAGE, { id: 'hl-crisis' });
  await settle(10);
  expect(visibleText(page)).toContain('值班后才能领取');
  page.instance.onClaim();
  await settle();
  expect(api.calls('helpline.claim')).toHaveLength(0);
});

test('the agent who holds it replies, logs the callback, refers to a township picked by name, transfers, closes', async () => {
  const api = mockBackend({
    'helpline.getRequest': () => DETAIL_HELD,
    'helpline.reply': () => ({ id: 'm3', at: '2026-03-02T13:20:00.000Z', duplicate: false }),
    'helpline.logCallback': () => ({ id: 'm4', at: '2026-03-02T13:30:00.000Z' }),
    'registry.regions': () => REGIONS,
    'helpline.refer': (input: any) => ({ referral: { id: 'ref-9', departmentLabel: '民政', deadline: '2026-03-05T13:30:00.000Z', ...input } }),
    'helpline.handoffTargets': () => TARGETS,
    'helpline.transfer': () => ({ id: 'hl-crisis', transferred: true }),
    'helpline.closeRequest': () => ({ request: { ...DETAIL_HELD.request, status: 'closed' } }),
  });
  const page = openPage(PAGE, { id: 'hl-crisis' });
  await settle(10);
  expect(visibleText(page)).toContain('你现在安全吗？');

  // 回复 is the main action.
  await type(page, '.draft', '好的，我现在给你打电话。');
  await tap(page, '.send-reply');
  expect(api.calls('helpline.reply')[0]).toMatchObject({ id: 'hl-crisis', text: '好的，我现在给你打电话。', messageId: expect.stringMatching(/^rq-/) });
  expect(visibleText(page)).toContain('回复已发送');

  // Calling back from the page opens the callback note.
  page.querySelector('.callback-phone >>> .phone__call >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.makePhoneCall.mock.calls[0][0]).toMatchObject({ phoneNumber: '13800005678' });
  wx.makePhoneCall.mock.calls[0][0].success();
  await settle();
  expect(page.querySelector('.callback-note')).toBeTruthy(); // the callback note opened
  await type(page, '.callback-note', '已回电，孩子情绪平稳，约好明晚再联系');
  await tap(page, '.save-callback');
  expect(api.calls('helpline.logCallback')[0]).toEqual({ id: 'hl-crisis', note: '已回电，孩子情绪平稳，约好明晚再联系' });

  // 转介: a department, then a township by name (no code typed).
  await panel(page, 'refer');
  expect(page.querySelectorAll('.department >>> .t-radio__title').map((n) => n.dom.textContent.trim())).toEqual(['公安', '民政', '学校', '医院', '法律援助', '服务机构']);
  await choose(page, '.department', 1); // 民政
  await tap(page, '.send-refer');
  expect(visibleText(page)).toContain('请选择转介到哪个乡镇或村（社区）');
  // The place is picked by name in TDesign's cascader: townships, then 全镇 or a village.
  const picker = page.querySelector('.refer-region')!;
  picker.querySelector('.place >>> .t-cell')!.dispatchEvent('tap');
  await settle(10);
  const cascader = picker.querySelector('.cascader')!;
  expect(cascader.instance.data.visible).toBe(true);
  expect(picker.querySelectorAll('.cascader >>> .t-radio-group >>> .t-radio').map((n) => n.dom.textContent.trim())).toEqual(['尧渡镇', '东流镇']);
  expect(picker.instance.data.choices[0].children.map((c: any) => c.label)).toEqual(['全镇（尧渡镇）', '团结社区', '东华村']);
  // miniprogram-simulate cannot run the cascader's last step (its setData callback fires before
  // the data lands), so the test plays the cascader's own change event for 全镇（尧渡镇）.
  cascader.instance.triggerEvent('change', { value: 'whole:341721100', selectedOptions: [] });
  await settle(10);
  expect(visibleText(picker)).toContain('尧渡镇');
  await type(page, '.refer-summary', '13岁女孩，父母在外务工，近期情绪低落，请乡镇核实照料情况');
  await type(page, '.refer-reason', '需要线下核实照料');
  await tap(page, '.send-refer');
  expect(api.calls('helpline.refer')[0]).toEqual({
    id: 'hl-crisis',
    department: 'civilAffairs',
    regionCode: '341721100',
    summary: '13岁女孩，父母在外务工，近期情绪低落，请乡镇核实照料情况',
    reason: '需要线下核实照料',
    deadlineDays: 3,
  });
  expect(visibleText(page)).toContain('已转介民政');

  // 转交 to a colleague on duty, chosen by name.
  await panel(page, 'transfer');
  const options = page.querySelectorAll('.transfer-option >>> .t-radio__title').map((n) => n.dom.textContent.trim());
  expect(options).toEqual(['周敏', '吴浩', '县妇联维权热线']);
  expect(visibleText(page)).toContain('同事 · 值班中');
  await choose(page, '.transfer-option', 0);
  await tap(page, '.send-transfer');
  expect(api.calls('helpline.transfer')[0]).toEqual({ id: 'hl-crisis', toPersonId: 'p-zhou' });
  expect(visibleText(page)).toContain('已转交给周敏');

  // 办结 needs an outcome.
  await panel(page, 'close');
  await tap(page, '.close-request');
  expect(visibleText(page)).toContain('请选择处理结果');
  await choose(page, '.outcome', 0); // 已解答
  await tap(page, '.close-request');
  expect(api.calls('helpline.closeRequest')[0]).toEqual({ id: 'hl-crisis', outcome: 'resolved' });
  page.instance.onUnload();
});

test('a closed request can be reopened', async () => {
  let reopened = false;
  const api = mockBackend({
    'helpline.getRequest': () => ({ ...DETAIL_HELD, request: reopened ? { ...CLOSED_CALL, status: 'open', statusLabel: '排队中' } : CLOSED_CALL, messages: [] }),
    'helpline.queue': () => queueOf([], true),
    'helpline.reopenRequest': () => {
      reopened = true;
      return { id: 'hl-call', status: 'open' };
    },
  });
  const page = openPage(PAGE, { id: 'hl-call' });
  await settle(10);
  expect(visibleText(page)).toContain('已办结：已解答');
  expect(visibleText(page)).toContain('电话来电');
  await tap(page, '.reopen');
  expect(api.calls('helpline.reopenRequest')).toEqual([{ id: 'hl-call' }]);
  expect(visibleText(page)).toContain('已重新打开');
  expect(visibleText(page)).toContain('领取这条求助');
});

test('a failed load says why and offers 重试', async () => {
  mockBackend({ 'helpline.getRequest': () => failure('NOT_FOUND', '未找到该求助') });
  const page = openPage(PAGE, { id: 'hl-x' });
  await settle(10);
  expect(visibleText(page)).toContain('没能打开这条求助');
  expect(visibleText(page)).toContain('未找到该求助');
  expect(page.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});
