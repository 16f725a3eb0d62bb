/**
 * 家人留言 (packageGuardianship/pages/messages/index): the grandmother opens the thread from a
 * notification and sees the father's message with who wrote it; the reply goes by default to
 * whoever wrote last; her own messages say 已读/未读; an empty thread says what to do; a failure
 * says so with 重试; staff who only read get no reply box; a family member with two children
 * picks one.
 */
import { openPage, settle, visibleText } from './harness';
import { failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageGuardianship/pages/messages/index';
const WRITE_TO = [
  { role: 'parent', label: '父母' },
  { role: 'villageOfficer', label: '村专干' },
];
const FROM_FATHER = { id: 'm1', to: 'entrustedGuardian', toLabel: '照护人（受委托监护人）', fromRole: 'parent', fromLabel: '父母', fromName: '陈建业', mine: false, read: false, text: '妈，孩子这周作业多吗？', at: '2026-03-02T12:30:00Z' };
const MINE = { id: 'm2', to: 'parent', toLabel: '父母', fromRole: 'entrustedGuardian', fromLabel: '照护人（受委托监护人）', fromName: '陈桂芳', mine: true, read: false, text: '不多，放心', at: '2026-03-02T13:00:00Z' };

beforeEach(() => {
  (global as any).wx.setNavigationBarTitle = jest.fn();
});

test('the thread shows who wrote what; the reply goes to the father by default and the thread reloads', async () => {
  let messages: unknown[] = [FROM_FATHER];
  const api = mockBackend({
    'guardianship.listMessages': () => ({ childName: '陈小明', myRole: 'entrustedGuardian', canWriteTo: WRITE_TO, messages, unread: 1 }),
    'guardianship.sendMessage': () => {
      messages = [FROM_FATHER, MINE];
      return { id: 'm2', delivered: 1, reused: false };
    },
  });
  const page = openPage(PAGE, { childId: 'c-7' });
  await settle(10);
  let text = visibleText(page);
  expect(text).toContain('陈小明的家人留言');
  expect(text).toContain('1条新留言');
  expect(text).toContain('陈建业（父母） → 照护人（受委托监护人）');
  expect(text).toContain('妈，孩子这周作业多吗？');
  expect(text).toContain('3月2日 20:30');
  expect(api.calls('guardianship.listMessages')[0]).toEqual({ childId: 'c-7' });

  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(visibleText(page)).toContain('请先写下要说的话');
  expect(api.calls('guardianship.sendMessage')).toHaveLength(0);

  page.querySelector('.text >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '不多，放心' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('guardianship.sendMessage')[0]).toMatchObject({ childId: 'c-7', to: 'parent', text: '不多，放心' });
  text = visibleText(page);
  expect(text).toContain('已发给父母');
  expect(text).toContain('我 → 父母');
  expect(text).toContain('未读');
});

test('nobody bound on the other side: the page says the message is kept, not that it arrived', async () => {
  mockBackend({
    'guardianship.listMessages': () => ({ childName: '陈小明', myRole: 'parent', canWriteTo: [{ role: 'entrustedGuardian', label: '照护人（受委托监护人）' }], messages: [], unread: 0 }),
    'guardianship.sendMessage': () => ({ id: 'm3', delivered: 0, reused: false }),
  });
  const page = openPage(PAGE, { childId: 'c-7' });
  await settle(10);
  expect(visibleText(page)).toContain('还没有留言');
  page.querySelector('.text >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '孩子感冒好了吗' } });
  await settle();
  page.querySelector('.send >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(visibleText(page)).toContain('还没有绑定小程序，绑定后就能看到');
  expect(visibleText(page)).not.toContain('已发给');
});

test('a failure says so in Chinese with 重试; township staff read without a reply box', async () => {
  const api = mockBackend({ 'guardianship.listMessages': () => failure('FORBIDDEN', '无权查看该儿童') });
  let page = openPage(PAGE, { childId: 'c-7' });
  await settle(10);
  expect(visibleText(page)).toContain('没能打开留言');
  expect(visibleText(page)).toContain('无权查看该儿童');
  expect(visibleText(page)).toContain('重试');

  api.route('guardianship.listMessages', () => ({ childName: '陈小明', canWriteTo: [], messages: [FROM_FATHER], unread: 0 }));
  page = openPage(PAGE, { childId: 'c-7' });
  await settle(10);
  expect(visibleText(page)).toContain('妈，孩子这周作业多吗？');
  expect(page.querySelector('.composer')).toBeFalsy();
  expect(visibleText(page)).not.toContain('发给谁');
});

test('a grandmother caring for two children picks one, with the new messages counted', async () => {
  const api = mockBackend({
    'accounts.me': () => ({ activeRole: 'entrustedGuardian', roles: [{ bindingId: 'b', role: 'entrustedGuardian', scope: { kind: 'children', childIds: ['c-1', 'c-2'] }, scopeNames: [] }], pending: { breakGlassToAcknowledge: 0 } }),
    'guardianship.listMessages': (i: { childId: string }) => ({ childName: i.childId === 'c-1' ? '陈小明' : '陈小红', myRole: 'entrustedGuardian', canWriteTo: WRITE_TO, messages: [], unread: i.childId === 'c-1' ? 2 : 0 }),
  });
  const page = openPage(PAGE, {});
  await settle(10);
  const text = visibleText(page);
  expect(text).toContain('陈小明（2条新留言）');
  expect(text).toContain('陈小红');
  page.querySelectorAll('.child-row >>> .row')[1].dispatchEvent('tap');
  await settle(10);
  expect(api.calls('guardianship.listMessages').pop()).toEqual({ childId: 'c-2' });
  expect(visibleText(page)).toContain('陈小红的家人留言');
});
