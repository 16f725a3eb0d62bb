/**
 * 确认书模板 (packageGuardianship/pages/template/index): the county admin reads the current
 * template, edits it and saves a new version; a too-short text is refused naming 确认书正文; an
 * earlier version opens read-only; a village officer reads without editing; a failed load
 * offers 重试.
 */
import { openPage, settle, visibleText } from './harness';
import { actAs, failure, mockBackend } from './page-backend';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const PAGE = 'packageGuardianship/pages/template/index';
const BODY = '本人作为{{child.name}}的父母，确认在外出务工期间委托{{entrusted.name}}（{{entrusted.relation}}）照料孩子的生活和学习，承担监护责任，并保持每周至少一次与孩子联系。';
const view = (version: number, current = 2) => ({
  countyCode: '341721',
  version,
  currentVersion: current,
  title: version === 1 ? '农村留守儿童监护责任确认书' : '东至县留守儿童监护责任确认书',
  body: BODY,
  source: version === 1 ? 'default' : 'county',
  createdAt: '2026-03-01T02:00:00Z',
  versions: [
    { version: 1, createdAt: '2026-01-01T02:00:00Z', source: 'default' },
    ...(current >= 2 ? [{ version: 2, createdAt: '2026-03-01T02:00:00Z', source: 'county' }] : []),
    ...(current >= 3 ? [{ version: 3, createdAt: '2026-03-04T02:00:00Z', source: 'county' }] : []),
  ],
});

test('the county admin edits the text and saves it as the next version', async () => {
  actAs('countyAdmin');
  let current = 2;
  const api = mockBackend({
    'guardianship.getTemplate': (i: { version?: number }) => view(i.version ?? current, current),
    'guardianship.updateTemplate': (i: { title: string; body: string }) => (i.body.length < 50 ? failure('VALIDATION_FAILED', 'body：至少50个字', { issues: [{ path: 'body', message: '至少50个字' }] }) : ((current = 3), { version: 3, title: i.title })),
  });
  const page = openPage(PAGE);
  await settle(10);
  let text = visibleText(page);
  expect(text).toContain('第2版（现行）');
  expect(text).toContain('本县修订');
  expect(text).toContain('{{child.name}} 儿童姓名');

  page.querySelector('.body >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: '太短了' } });
  await settle();
  page.querySelector('.save >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  text = visibleText(page);
  expect(text).toContain('确认书正文');
  expect(text).toContain('至少50个字');
  expect(text).not.toContain('body');

  page.querySelector('.body >>> .t-textarea__wrapper-inner')!.dispatchEvent('input', { detail: { value: `${BODY}如遇紧急情况立即报告村专干。` } });
  await settle();
  page.querySelector('.save >>> .t-button')!.dispatchEvent('tap');
  await settle(10);
  expect(api.calls('guardianship.updateTemplate').pop()).toEqual({ title: '东至县留守儿童监护责任确认书', body: `${BODY}如遇紧急情况立即报告村专干。` });
  text = visibleText(page);
  expect(text).toContain('已保存为第3版');
  expect(text).toContain('第3版（现行）');
});

test('an earlier version opens read-only; a village officer only reads', async () => {
  actAs('villageOfficer');
  const api = mockBackend({ 'guardianship.getTemplate': (i: { version?: number }) => view(i.version ?? 2) });
  const page = openPage(PAGE);
  await settle(10);
  expect(page.querySelector('.save')).toBeFalsy();
  expect(visibleText(page)).toContain('东至县留守儿童监护责任确认书');
  page.querySelectorAll('.version >>> .row')[1].dispatchEvent('tap');
  await settle(10);
  expect(api.calls('guardianship.getTemplate').pop()).toEqual({ version: 1 });
  expect(visibleText(page)).toContain('第1版');
  expect(visibleText(page)).toContain('默认文本');
});

test('a failed load says so with 重试', async () => {
  actAs('countyAdmin');
  mockBackend({ 'guardianship.getTemplate': () => failure('INTERNAL', '服务暂时不可用，请稍后重试') });
  const page = openPage(PAGE);
  await settle(10);
  expect(visibleText(page)).toContain('没能打开确认书模板');
  expect(visibleText(page)).toContain('重试');
});
