/**
 * 危机词表 (packageHelpline/pages/crisis-words/index) rendered with miniprogram-simulate: agents read
 * the list; the supervisor edits it as text and saves a new version on top of the one edited; a
 * save that lost the race offers to reload; a failed load offers 重试.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';
import { CRISIS_WORDS } from './helpline-fixtures';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageHelpline/pages/crisis-words/index';

test('an agent reads the list and its version, and cannot edit it', async () => {
  actAs('helplineAgent');
  mockBackend({ 'helpline.crisisWords': () => CRISIS_WORDS });
  const page = openPage(PAGE);
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('当前词表（7个） · 第3版');
  expect(text).toContain('活不下去');
  expect(text).toContain('词表由热线主管维护');
  expect(page.querySelector('.edit')).toBeUndefined();
});

test('the supervisor adds and removes words and saves them as the next version', async () => {
  actAs('helplineSupervisor');
  let saved: string[] | undefined;
  const api = mockBackend({
    'helpline.crisisWords': () => (saved ? { version: 4, words: saved } : CRISIS_WORDS),
    'helpline.setCrisisWords': ({ words }: { words: string[] }) => {
      saved = words;
      return { version: 4, words };
    },
  });
  const page = openPage(PAGE);
  await settle(10);
  page.querySelector('.edit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  const text = '自杀\n不想活\n活不下去，家暴、被拐\n走失\n喝农药\n喝农药';
  page.querySelector('.words-input >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: text } });
  await settle();
  expect(visibleText(page)).toContain('与当前词表相比：新增1个，删除1个');
  page.querySelector('.save >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('helpline.setCrisisWords')[0]).toEqual({ words: ['自杀', '不想活', '活不下去', '家暴', '被拐', '走失', '喝农药'], baseVersion: 3 });
  expect(visibleText(page)).toContain('已保存为第4版（新增1个，删除1个）');
  expect(visibleText(page)).toContain('喝农药');
});

test('a save that lost the race offers the latest list; a failed load offers 重试', async () => {
  actAs('helplineSupervisor');
  mockBackend({ 'helpline.crisisWords': () => CRISIS_WORDS, 'helpline.setCrisisWords': () => failure('CONFLICT', '词表已被他人修改，请刷新后再改') });
  const page = openPage(PAGE);
  await settle(10);
  page.querySelector('.edit >>> .t-button')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.words-input >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '自杀\n想不开' } });
  await settle();
  page.querySelector('.save >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('词表已被他人修改，请刷新后再改');
  expect(page.querySelector('.reload')).toBeTruthy();

  mockBackend({ 'helpline.crisisWords': () => failure('INTERNAL', '服务暂时不可用，请稍后重试') });
  const again = openPage(PAGE);
  await settle(10);
  expect(visibleText(again)).toContain('没能取到危机词表');
  expect(again.querySelector('.load-error >>> .state__button >>> .t-button')).toBeTruthy();
});
