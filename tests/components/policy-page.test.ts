/** 政策 (pages/policy/index): until the policy function exists, the user sees the empty state. */
import { openPage, settle, visibleText } from './harness';

test('政策 page shows its heading and the TDesign empty state', async () => {
  const page = openPage('pages/policy/index');
  await settle();
  expect(visibleText(page)).toContain('农村留守儿童关爱保护');
  expect(visibleText(page)).toContain('政策文章');
  const empty = page.querySelector('.articles-empty >>> .t-empty__description');
  expect(empty?.dom?.textContent?.trim()).toBe('政策文章即将上线');
});
