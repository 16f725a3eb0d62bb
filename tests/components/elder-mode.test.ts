/**
 * 长辈模式 on the pages parents, guardians and the public use most — the parent's 亲情连线, the
 * guardian's 签署确认书, the 求助 form and the public article page — measured against MIIT
 * 《移动互联网应用（App）适老化通用设计规范》 (2021) and WeChat's 小程序适老化设计指南: every text
 * ≥ 18 px with line spacing ≥ 1.3 and contrast ≥ 4.5:1 (≥ 3:1 above 18 px); the main action
 * ≥ 60 × 60 px and every button ≥ 44 px high. And outside 长辈模式, that the same pages follow
 * the WeChat font size (fontSizeScaleFactor).
 *
 * Sizes are the styles the phone computes at 375 px wide (tests/components/styles.ts: the pages'
 * and components' WXSS with rpx at 0.5 px, app.wxss, page-meta's style, the cascade, var() and
 * calc()); tap-target sizes are the declared heights (jsdom has no layout; see that file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from '../../cloudfunctions/articles/src/render';
import { openPage, settle, type SimNode } from './harness';
import { CHILD_OVERVIEW, MY_CHILDREN } from './family-fixtures';
import { tapTargetSize, textElements, textMetrics } from './styles';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;
const baseInfo = wx.getAppBaseInfo;

function backend(routes: Record<string, () => unknown>): void {
  wx.cloud.callFunction = jest.fn(async ({ data }: { data: { action: string } }) => {
    const route = routes[data.action];
    return route ? { result: { ok: true, data: route() } } : { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
  });
}


const ROUTES = {
  myChildren: () => MY_CHILDREN,
  childOverview: () => CHILD_OVERVIEW,
  getConfirmation: () => ({ id: 'conf_1', title: '农村留守儿童监护责任确认书', text: '儿童：陈小雨，出生日期：2017-05-12，住团结村。\n一、法定监护人（父母）的责任\n1. 父母是儿童的法定监护人。', textSha256: 'f'.repeat(64), status: 'pending', parties: [], canSign: ['entrusted'] }),
  myRequests: () => ({ requests: [{ id: 'r1', requestNo: 'QZ20260302-0007', categoryLabel: '心理健康', status: 'claimed', statusLabel: '处理中', submittedAt: '2026-03-02T06:20:00.000Z', anonymous: true, unread: 1 }] }),
  getArticle: () => ({
    id: 'a1',
    title: '关于进一步加强农村留守儿童关爱保护工作的实施意见',
    author: '县民政局',
    digest: '',
    tags: ['本县政策'],
    publishedAt: '2026-03-01T16:30:00.000Z',
    html: renderMarkdown(readFileSync(join(__dirname, '..', '..', 'local', 'data', 'policy', 'implementation-opinions.md'), 'utf8').replace(/^#\s+.+\n+/, '')).html,
  }),
};

beforeEach(() => {
  wx.clearStorageSync();
  wx.getAppBaseInfo = baseInfo;
  backend(ROUTES);
  wx.createSelectorQuery = () => {
    const q: any = { in: () => q, select: () => q, fields: () => q, exec: (cb: (r: unknown[]) => void) => cb([]) };
    return q;
  };
});

/** Every text on the page that breaks the 长辈模式 numbers, as readable lines (empty = all good). */
function textProblems(page: SimNode): string[] {
  const problems: string[] = [];
  for (const el of textElements(page.dom)) {
    const m = textMetrics(el);
    if (!m.text || /^[›✓·|]+$/.test(m.text)) continue; // arrows and marks beside words
    if (el.closest('[class*="disabled"]')) continue; // inactive controls (WCAG exempts them); a hint says why

    const needContrast = m.fontSize > 18 ? 3 : 4.5;
    if (m.fontSize < 18 || m.lineSpacing < 1.3 || m.contrast < needContrast) problems.push(`“${m.text.slice(0, 20)}” ${m.fontSize}px ×${m.lineSpacing} ${m.contrast}:1`);
  }
  return problems;
}

/** Every TDesign button below 44 px high, and the main action's size. */
function buttons(page: SimNode, main: string): { small: string[]; main: { width: number; height: number } } {
  const small = (Array.from(page.dom.querySelectorAll('wx-button')) as any[])
    .map((b) => ({ text: String(b.textContent).trim(), size: tapTargetSize(b) }))
    .filter((b) => b.size.height < 44)
    .map((b) => `${b.text} ${b.size.height}px`);
  const node = page.querySelector(`${main} >>> .t-button`);
  if (!node) throw new Error(`no main action ${main}`);
  return { small, main: tapTargetSize(node.dom) };
}

function elder(): void {
  wx.setStorageSync('shouwang.elderMode', 'on');
}

test('亲情连线 (parent) in 长辈模式: large readable text, the call button is the 60 px main action', async () => {
  elder();
  const page = openPage('packageGuardianship/pages/children/index');
  await settle();
  await settle();
  expect(textMetrics(page.dom.querySelector('[class*="head__name"]')).fontSize).toBeGreaterThanOrEqual(28);
  expect(textProblems(page)).toEqual([]);
  const b = buttons(page, '.call-caregiver >>> .phone__call');
  expect(b.small).toEqual([]);
  expect(b.main.height).toBeGreaterThanOrEqual(60);
  expect(b.main.width).toBeGreaterThanOrEqual(60);
});

test('签署确认书 (guardian) in 长辈模式: summary and full text large, 下一步 and 确认签名 60 px', async () => {
  elder();
  const page = openPage('packageGuardianship/pages/sign/index', { id: 'conf_1', party: 'entrusted' });
  await settle();
  expect(textProblems(page)).toEqual([]);
  const summary = textMetrics(page.dom.querySelector('[class*="summary__item"]'));
  expect(summary.fontSize).toBeGreaterThanOrEqual(20);
  const step1 = buttons(page, '.next');
  expect(step1.main.height).toBeGreaterThanOrEqual(60);
  page.instance.setData({ readConfirmed: true });
  page.instance.onNext();
  await settle();
  expect(textProblems(page)).toEqual([]);
  const step2 = buttons(page, '.submit');
  expect(step2.small).toEqual([]);
  expect(step2.main.height).toBeGreaterThanOrEqual(60);
});

test('求助 form in 长辈模式: every label and choice large, 提交求助 60 px', async () => {
  elder();
  const page = openPage('pages/help/index');
  await settle();
  expect(textProblems(page)).toEqual([]);
  const b = buttons(page, '.submit');
  expect(b.small).toEqual([]);
  expect(b.main.height).toBeGreaterThanOrEqual(60);
});

test('the public article page in 长辈模式: title and body text large with room between lines', async () => {
  elder();
  wx.setNavigationBarTitle = jest.fn();
  const page = openPage('packageArticles/pages/article/index', { id: 'a1' });
  await settle(50);
  expect(textProblems(page)).toEqual([]);
  expect(textMetrics(page.dom.querySelector('[class*="article__title"]')).fontSize).toBeGreaterThanOrEqual(22);
});

test('outside 长辈模式 the pages follow the WeChat font size (fontSizeScaleFactor), tap targets never shrink', async () => {
  wx.setStorageSync('shouwang.elderMode', 'off');
  const sizes: Record<string, { body: number; button: number }> = {};
  for (const factor of [1, 1.4, 0.94]) {
    wx.getAppBaseInfo = () => ({ ...baseInfo(), fontSizeScaleFactor: factor });
    const page = openPage('packageGuardianship/pages/children/index');
    await settle();
    await settle();
    const name = textMetrics(page.dom.querySelector('[class*="call__who"]')).fontSize;
    sizes[factor] = { body: name, button: tapTargetSize(page.querySelector('.log-video >>> .t-button')!.dom).height };
  }
  expect(sizes[1].body).toBe(18);
  expect(sizes[1.4].body).toBeCloseTo(18 * 1.4, 1);
  expect(sizes[0.94].body).toBeCloseTo(18 * 0.94, 1);
  expect(sizes[1.4].button).toBeCloseTo(sizes[1].button * 1.4, 1);
  expect(sizes[0.94].button).toBe(sizes[1].button); // never below 44 px
  expect(sizes[1].button).toBeGreaterThanOrEqual(44);
});
