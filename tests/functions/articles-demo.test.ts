/**
 * The demo seed publishes the county policy (local/data/policy/) and three explainers through the
 * same flow as any article: written by the demo publisher, approved by the demo reviewer,
 * published to the WeChat stand-in, then readable by anyone in the mini-program.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import type { PublicArticle, PublicList } from '../../cloudfunctions/_shared/contracts/articles';

jest.setTimeout(120_000);

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['articles'], demo: true });
}, 180_000);
afterAll(async () => t?.stop());

test('four demo articles are published; the first is the county policy, reviewed by someone else', async () => {
  expect(t.stack.prepared.seeded.join('\n')).toContain('政策文章：4 篇');
  const list = await t.call<PublicList>('articles', 'listArticles', { limit: 50 });
  if (!list.ok) throw new Error(JSON.stringify(list.error));
  expect(list.data.articles).toHaveLength(4);
  const policy = list.data.articles.find((a) => a.tags.includes('本县政策'))!;
  expect(policy.title).toBe('关于进一步加强农村留守儿童关爱保护工作的实施意见');
  // Published first: the oldest in the list.
  expect(list.data.articles[list.data.articles.length - 1].id).toBe(policy.id);
  for (const tag of ['未成年人保护法', '预防未成年人犯罪法', '家庭教育促进法']) {
    const byTag = await t.call<PublicList>('articles', 'listArticles', { tag });
    expect(byTag.ok && byTag.data.articles.length).toBe(1);
  }

  const page = await t.call<PublicArticle>('articles', 'getArticle', { articleId: policy.id });
  if (!page.ok) throw new Error(JSON.stringify(page.error));
  expect(page.data.wechatUrl).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
  expect(page.data.html).toContain('一、工作思路和目标');
  expect(page.data.html).not.toContain('<h1'); // the title is not repeated in the body

  // It went through review: the version was approved by a different person than its author.
  const doc = (await t.app.database().collection('articles').doc(policy.id).get()).data[0] as { createdBy: string; lastReview: { by: string; decision: string } };
  expect(doc.lastReview.decision).toBe('approve');
  expect(doc.lastReview.by).not.toBe(doc.createdBy);
  // And it reached the Official Account stand-in.
  const jobs = Object.values(t.wechat.admin.state().jobs);
  expect(jobs.filter((j) => j.status === 0).map((j) => j.articles[0].title)).toContain('关于进一步加强农村留守儿童关爱保护工作的实施意见');
});
