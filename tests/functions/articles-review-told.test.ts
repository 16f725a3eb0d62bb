/**
 * Staff are told about the editorial flow in 消息 (issue 11): submitting an article for review
 * reaches the reviewers' inbox (never the one who wrote or submitted it), opening the article on
 * 政策文章审核与发布; with no other reviewer bound the county admins are told to invite one; the
 * publisher is told when the article is approved or sent back.
 */
import { startTestStack, type TestStack } from '../helpers/stack';
import { makePersona, useStackKey, type Persona } from '../helpers/access-world';

jest.setTimeout(90_000);

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ functions: ['articles', 'inbox'] });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());
beforeEach(async () => {
  await t.reset();
  t.clock.set(new Date('2026-03-02T02:00:00Z'));
});

async function ok<T = any>(fn: string, action: string, data: unknown, p: Persona): Promise<T> {
  const r = await t.call<T>(fn, action, data, { openid: p.openid });
  if (!r.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(r.error)}`);
  return r.data;
}
const inbox = async (p: Persona) => (await ok<any>('inbox', 'list', {}, p)).items as any[];
const write = (p: Persona, title: string) => ok<any>('articles', 'createArticle', { title, tags: ['本县政策'], markdown: '## 一、总体要求\n\n父母外出务工的，应当委托有监护能力的亲属照料孩子。' }, p);

test('a submitted article is in every other reviewer’s 消息, and the publisher hears the decision', async () => {
  const publisher = await makePersona(t.app, 'publisher');
  const reviewer = await makePersona(t.app, 'reviewer');
  const reviewer2 = await makePersona(t.app, 'reviewer');
  const admin = await makePersona(t.app, 'countyAdmin');
  const a = await write(publisher, '关于做好暑期留守儿童关爱工作的通知');
  expect(await inbox(reviewer)).toEqual([]); // a draft tells nobody

  await ok('articles', 'submitForReview', { articleId: a.id }, publisher);
  for (const r of [reviewer, reviewer2]) {
    const items = await inbox(r);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'articles.toReview',
      category: '政策文章',
      title: '文章待审核',
      body: '《关于做好暑期留守儿童关爱工作的通知》已提交审核，请审核',
      readAt: null,
      page: `/packageArticles/pages/manage/index?id=${a.id}`,
    });
  }
  expect(await inbox(publisher)).toEqual([]);
  expect(await inbox(admin)).toEqual([]); // reviewers are bound: the admin is not bothered

  await ok('articles', 'reviewArticle', { articleId: a.id, decision: 'reject', note: '请补充政策依据和联系电话' }, reviewer);
  const back = await inbox(publisher);
  expect(back.map((n) => [n.kind, n.title, n.page])).toEqual([['articles.reviewed', '文章被退回', `/packageArticles/pages/manage/index?id=${a.id}`]]);

  // Resubmitted after editing: the reviewers are told again (a new version), and approval is told.
  await ok('articles', 'updateArticle', { articleId: a.id, markdown: '## 一、总体要求\n\n依据《未成年人保护法》第二十二条，父母外出务工的，应当委托有监护能力的亲属照料孩子。' }, publisher);
  await ok('articles', 'submitForReview', { articleId: a.id }, publisher);
  expect((await inbox(reviewer2)).filter((n) => n.kind === 'articles.toReview')).toHaveLength(2);
  await ok('articles', 'reviewArticle', { articleId: a.id, decision: 'approve' }, reviewer2);
  expect((await inbox(publisher)).map((n) => n.title)).toEqual(['文章已通过审核', '文章被退回']);
});

test('with no reviewer but the author, the county admin is told to invite one', async () => {
  const both = await makePersona(t.app, 'publisher');
  const admin = await makePersona(t.app, 'countyAdmin');
  const a = await write(both, '留守儿童假期安全提示');
  await ok('articles', 'submitForReview', { articleId: a.id }, both);
  const items = await inbox(admin);
  expect(items.map((n) => [n.kind, n.body])).toEqual([['articles.toReview', '《留守儿童假期安全提示》已提交审核，但还没有可以审核的审核人，请邀请审核人']]);
  expect(await inbox(both)).toEqual([]);
});
