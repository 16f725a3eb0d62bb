/**
 * `articles` against the local stack and the WeChat stand-in (contract:
 * shared/reference/wechat-official-account-and-messages.md): Markdown to "published" with a review
 * rejection on the way, a retry after a transient failure that publishes once, a token superseded
 * mid-flow, 48001 with the draft-only fallback, 40164 with its guidance, and the public reads.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';
import { makePersona, type Persona } from '../helpers/access-world';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { ManagedArticle, PublicArticle, PublicList, PublishView } from '../../cloudfunctions/_shared/contracts/articles';
import { DEFAULT_OFFICIAL_ACCOUNT } from '../../local/wechat';

jest.setTimeout(60_000);

let t: TestStack;
let publisher: Persona;
let publisher2: Persona;
let reviewer: Persona;
const START = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  t = await startTestStack({ functions: ['articles'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
}, 120_000);
afterAll(async () => t?.stop());

beforeEach(async () => {
  await t.reset();
  // The stand-in's reset() keeps account changes made with setAccount (it reuses the configured
  // account objects), so put the default account back explicitly.
  t.wechat.admin.setAccount(DEFAULT_OFFICIAL_ACCOUNT.appid, { profile: 'service_verified', ipWhitelist: null, deniedApis: [] });
  t.clock.set(START);
  publisher = await makePersona(t.app, 'publisher');
  publisher2 = await makePersona(t.app, 'publisher');
  reviewer = await makePersona(t.app, 'reviewer');
});

const as = (p: Persona) => ({ openid: p.openid });

async function ok<T>(fn: string, action: string, data: unknown, p?: Persona): Promise<T> {
  const r = await t.call<T>(fn, action, data, p ? as(p) : {});
  if (!r.ok) throw new Error(`${action} failed: ${JSON.stringify(r.error)}`);
  return r.data;
}

/** A small valid PNG (solid colour). */
function png(w = 4, h = 4): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    td.copy(out, 4);
    out.writeUInt32BE(crc(td), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x80)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function storeImage(bytes: Buffer, name = `${randomUUID()}.png`): Promise<string> {
  const r = await t.app.uploadFile({ cloudPath: `articles/${name}`, fileContent: bytes });
  return r.fileID;
}

/** Creates an article, submits it and has the reviewer approve it. */
async function approvedArticle(markdown: string, title = '家庭教育促进法要点'): Promise<ManagedArticle> {
  const a = await ok<ManagedArticle>('articles', 'createArticle', { title, tags: ['家庭教育促进法'], markdown }, publisher);
  await ok('articles', 'submitForReview', { articleId: a.id }, publisher);
  return ok<ManagedArticle>('articles', 'reviewArticle', { articleId: a.id, decision: 'approve' }, reviewer);
}

/** Moves the stand-in clock past the publishing delay and the next poll minute, then waits for the poll. */
async function afterPoll(): Promise<void> {
  t.clock.set(new Date(t.clock.now().getTime() + 61_000));
  await t.wechat.admin.settle();
  await t.settleTimers();
}

const jobsOf = () => Object.values(t.wechat.admin.state().jobs);

describe('creating an article', () => {
  test('the same client request id twice makes one article (a retried tap never duplicates)', async () => {
    // Several rounds of four taps at once: one tap's retry may find the article stored but its
    // first version not yet, and must finish it rather than fail (CI once answered INTERNAL here).
    for (let round = 0; round < 3; round++) {
      const input = { title: `重复提交测试 ${randomUUID().slice(0, 6)}`, tags: ['本县政策'], markdown: '正文', requestId: `req-${randomUUID()}` };
      const taps = await Promise.all([1, 2, 3, 4].map(() => t.call<ManagedArticle>('articles', 'createArticle', input, as(publisher))));
      expect(taps.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const c = await ok<ManagedArticle>('articles', 'createArticle', input, publisher);
      expect(new Set([...taps.map((r) => (r.ok ? r.data.id : '')), c.id]).size).toBe(1);
      const stored = (await t.app.database().collection('articles').where({ title: input.title }).get()).data;
      expect(stored).toHaveLength(1);
      const versions = (await t.app.database().collection('articleVersions').where({ articleId: c.id }).get()).data;
      expect(versions).toHaveLength(1);
    }
  });

  test('retries racing after a first call that died before its first version: every tap answers, one version is stored', async () => {
    const input = { title: `中断后重试 ${randomUUID().slice(0, 6)}`, tags: ['本县政策'], markdown: '正文', requestId: `req-${randomUUID()}` };
    const first = await ok<ManagedArticle>('articles', 'createArticle', input, publisher);
    // The first call "died" after storing the article and before its version.
    await t.app.database().collection('articleVersions').where({ articleId: first.id }).remove();
    const taps = await Promise.all([1, 2, 3, 4].map(() => t.call<ManagedArticle>('articles', 'createArticle', input, as(publisher))));
    expect(taps.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(new Set(taps.map((r) => (r.ok ? r.data.id : '')))).toEqual(new Set([first.id]));
    const versions = (await t.app.database().collection('articleVersions').where({ articleId: first.id }).get()).data;
    expect(versions).toHaveLength(1);
  });
});

describe('Markdown to "published" against the WeChat stand-in', () => {
  test('draft → review rejection → new version → approval → published, visible to the public', async () => {
    const image = await storeImage(png());
    const md = `## 一、总体要求\n\n家庭是未成年人成长的第一个课堂，详见[全文](https://www.gov.cn/law.html)。\n\n![配图](${image})\n\n<script>alert(1)</script>`;
    const created = await ok<ManagedArticle>('articles', 'createArticle', { title: '家庭教育促进法要点', author: '县妇联', tags: ['家庭教育促进法'], markdown: md }, publisher);
    expect(created).toMatchObject({ status: 'draft', version: 1, publish: { state: 'none' } });
    // The preview is what readers will see: inline styles, no script, the link as reference [1].
    expect(created.html).toContain('<h2 style=');
    expect(created.html).not.toContain('<script');
    expect(created.html).toContain('全文<sup');
    expect(created.html).toContain('https://www.gov.cn/law.html');
    expect(created.html).not.toContain('href="https://www.gov.cn');

    // Publishing before approval is refused.
    const early = await t.call('articles', 'publishArticle', { articleId: created.id }, as(publisher));
    expect(early).toMatchObject({ ok: false, error: { code: 'NOT_APPROVED' } });

    await ok('articles', 'submitForReview', { articleId: created.id }, publisher);
    const rejectWithoutNote = await t.call('articles', 'reviewArticle', { articleId: created.id, decision: 'reject' }, as(reviewer));
    expect(rejectWithoutNote).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const rejected = await ok<ManagedArticle>('articles', 'reviewArticle', { articleId: created.id, decision: 'reject', note: '请补充第二部分' }, reviewer);
    expect(rejected).toMatchObject({ status: 'draft', lastReview: { decision: 'reject', note: '请补充第二部分', version: 1 } });

    const edited = await ok<ManagedArticle>('articles', 'updateArticle', { articleId: created.id, markdown: `${md}\n\n## 二、家庭责任\n\n父母是第一责任人。` }, publisher);
    expect(edited).toMatchObject({ status: 'draft', version: 2 });
    await ok('articles', 'submitForReview', { articleId: created.id }, publisher);
    const approved = await ok<ManagedArticle>('articles', 'reviewArticle', { articleId: created.id, decision: 'approve' }, reviewer);
    expect(approved.status).toBe('approved');

    // Nothing is public before it is published.
    expect((await ok<PublicList>('articles', 'listArticles', {})).articles).toEqual([]);

    const started = await ok<PublishView>('articles', 'publishArticle', { articleId: created.id }, publisher);
    expect(started).toMatchObject({ state: 'publishing', version: 2 });
    await afterPoll();

    const detail = await ok<ManagedArticle & { versions: { version: number }[] }>('articles', 'getManagedArticle', { articleId: created.id }, publisher);
    expect(detail.status).toBe('published');
    expect(detail.publish.state).toBe('published');
    expect(detail.publish.url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);

    // What reached WeChat: one job, ended in success; the body image is an uploaded mmbiz URL.
    const state = t.wechat.admin.state();
    expect(jobsOf().map((j) => j.status)).toEqual([0]);
    const sent = JSON.stringify(state.jobs);
    expect(sent).toContain('mmbiz.qpic.cn');
    expect(sent).not.toContain('cloud://');
    expect(sent).toContain('家庭责任');
    expect(sent).toContain('县妇联');

    // The public reads it in the mini-program, by tag and by search.
    const list = await ok<PublicList>('articles', 'listArticles', { tag: '家庭教育促进法' });
    expect(list.articles.map((a) => a.title)).toEqual(['家庭教育促进法要点']);
    expect((await ok<PublicList>('articles', 'listArticles', { tag: '本县政策' })).articles).toEqual([]);
    expect((await ok<PublicList>('articles', 'listArticles', { q: '第一责任人' })).articles).toHaveLength(1);
    expect((await ok<PublicList>('articles', 'listArticles', { q: '不存在的词' })).articles).toHaveLength(0);
    const page = await ok<PublicArticle>('articles', 'getArticle', { articleId: created.id });
    expect(page.html).toContain('父母是第一责任人');
    expect(page.html).toContain(image); // the mini-program shows the stored image
    expect(page.wechatUrl).toBe(detail.publish.url);
  }, 60_000);

  test('no one approves their own article; the reviewer role alone cannot publish', async () => {
    // A person who holds both roles writes an article.
    await t.app.database().collection(C.roleBindings).add({ personId: publisher.personId, role: 'reviewer', scope: { kind: 'region', codes: ['341721'] }, scopeRegion: '341721', status: 'active', grantedAt: new Date(), grantedBy: 'test' });
    const a = await ok<ManagedArticle>('articles', 'createArticle', { title: '本县政策解读', tags: ['本县政策'], markdown: '正文' }, publisher);
    await ok('articles', 'submitForReview', { articleId: a.id }, publisher);
    const own = await t.call('articles', 'reviewArticle', { articleId: a.id, decision: 'approve' }, as(publisher));
    expect(own).toMatchObject({ ok: false, error: { code: 'OWN_ARTICLE', message: expect.stringContaining('不能审核自己') } });
    // Submitted by another publisher: still not approvable by the one who submitted it.
    const b = await ok<ManagedArticle>('articles', 'createArticle', { title: '另一篇', tags: ['本县政策'], markdown: '正文' }, publisher2);
    await ok('articles', 'submitForReview', { articleId: b.id }, publisher);
    expect(await t.call('articles', 'reviewArticle', { articleId: b.id, decision: 'approve' }, as(publisher))).toMatchObject({ ok: false, error: { code: 'OWN_ARTICLE' } });
    expect((await ok<ManagedArticle>('articles', 'reviewArticle', { articleId: a.id, decision: 'approve' }, reviewer)).status).toBe('approved');
    expect(await t.call('articles', 'publishArticle', { articleId: a.id }, as(reviewer))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }, 60_000);

  test('a transient failure on submit, then a retry: published once, nothing uploaded twice', async () => {
    const image = await storeImage(png());
    const a = await approvedArticle(`正文\n\n![图](${image})`);
    t.wechat.admin.setFault({ endpoint: 'freepublish/submit', errcode: -1 });
    const failed = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(failed).toMatchObject({ state: 'failed', retryable: true, errcode: -1 });
    expect(failed.reason).toContain('重试不会重复发布');

    const retried = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(retried.state).toBe('publishing');
    // Pressing 发布 again while publishing, and again after it ended, submits nothing new.
    expect((await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher)).state).toBe('publishing');
    await afterPoll();
    await afterPoll(); // the poll running again changes nothing
    const done = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(done.state).toBe('published');

    const state = t.wechat.admin.state();
    expect(jobsOf()).toHaveLength(1);
    expect(jobsOf()[0].status).toBe(0);
    const media = Object.values(state.media);
    expect(media.filter((m) => m.kind === 'uploadimg')).toHaveLength(1);
    expect(media.filter((m) => m.kind === 'image')).toHaveLength(1); // the cover
    expect(Object.keys(state.drafts)).toHaveLength(0); // published: left the draft box
    const publicList = await ok<PublicList>('articles', 'listArticles', {});
    expect(publicList.articles).toHaveLength(1);
  }, 60_000);

  test('a transient failure on draft/add: the retry reuses the uploaded images and cover', async () => {
    const image = await storeImage(png());
    const a = await approvedArticle(`正文\n\n![图](${image})`);
    t.wechat.admin.setFault({ endpoint: 'draft/add', errcode: 45011 });
    const failed = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(failed).toMatchObject({ state: 'failed', retryable: true, errcode: 45011 });
    expect((await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher)).state).toBe('publishing');
    const media = Object.values(t.wechat.admin.state().media);
    expect(media).toHaveLength(2);
  }, 60_000);

  test('WeChat rejects the published article (status 4): the publisher sees the reason', async () => {
    const a = await approvedArticle('正文', '未成年人保护法要点[[fail:4]]');
    await ok('articles', 'publishArticle', { articleId: a.id }, publisher);
    await afterPoll();
    const detail = await ok<ManagedArticle>('articles', 'getManagedArticle', { articleId: a.id }, publisher);
    expect(detail.publish).toMatchObject({ state: 'failed', reason: expect.stringContaining('审核未通过') });
    expect(detail.status).toBe('approved');
    expect((await ok<PublicList>('articles', 'listArticles', {})).articles).toEqual([]);
  }, 60_000);
});

describe('the shared access token', () => {
  const tokensOf = () => Object.values(t.wechat.admin.state().tokens).filter((x) => x.issuer === 'stable');

  test('one token for many calls; a token superseded mid-flow recovers', async () => {
    const a = await approvedArticle(`正文\n\n![图](${await storeImage(png())})`);
    await ok('articles', 'publishArticle', { articleId: a.id }, publisher);
    // uploadimg, add_material, draft/add, freepublish/submit: one stable token for all of them.
    expect(tokensOf()).toHaveLength(1);

    // Someone force-refreshes twice, 31 s apart (the leak procedure, §1.2): our cached token dies.
    const force = async () => {
      const res = await fetch(`${t.stack.wechatUrl}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: DEFAULT_OFFICIAL_ACCOUNT.appid, secret: DEFAULT_OFFICIAL_ACCOUNT.secret, force_refresh: true }),
      });
      return (await res.json()) as { access_token: string };
    };
    await force();
    t.clock.set(new Date(t.clock.now().getTime() + 31_000));
    await force();
    const cached = await t.app.database().collection('wechatTokens').doc(DEFAULT_OFFICIAL_ACCOUNT.appid).get();
    const before = (cached.data as { token: string }[])[0].token;

    const b = await approvedArticle(`另一篇\n\n![图](${await storeImage(png())})`, '预防未成年人犯罪法要点');
    const view = await ok<PublishView>('articles', 'publishArticle', { articleId: b.id }, publisher);
    expect(view.state).toBe('publishing');
    const after = await t.app.database().collection('wechatTokens').doc(DEFAULT_OFFICIAL_ACCOUNT.appid).get();
    const doc = (after.data as { token: string; fetches: number }[])[0];
    expect(doc.token).not.toBe(before);
    expect(doc.fetches).toBe(2); // refetched once, not once per call
    await afterPoll();
    expect((await ok<PublicList>('articles', 'listArticles', {})).articles.map((x) => x.title).sort()).toEqual(['家庭教育促进法要点', '预防未成年人犯罪法要点']);
  }, 60_000);
});

describe('errors the publisher can act on', () => {
  test('48001 (no publish permission): clear guidance, then "draft only" saves the draft', async () => {
    t.wechat.admin.setAccount(DEFAULT_OFFICIAL_ACCOUNT.appid, { profile: 'subscription_unverified' });
    const a = await approvedArticle('正文');
    const failed = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(failed).toMatchObject({ state: 'failed', errcode: 48001, canDraftOnly: true, retryable: false });
    expect(failed.reason).toContain('仅存草稿');
    const saved = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id, mode: 'draftOnly' }, publisher);
    expect(saved.state).toBe('draftSaved');
    const state = t.wechat.admin.state();
    expect(Object.keys(state.drafts)).toHaveLength(1); // the draft made by the first attempt, reused
    expect(jobsOf()).toHaveLength(0);
  }, 60_000);

  test('40164 (IP not whitelisted): the reason names the fixed egress IP and the whitelist', async () => {
    t.wechat.admin.setAccount(DEFAULT_OFFICIAL_ACCOUNT.appid, { ipWhitelist: ['203.0.113.7'] });
    const a = await approvedArticle('正文');
    const failed = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(failed).toMatchObject({ state: 'failed', errcode: 40164, retryable: true });
    expect(failed.reason).toContain('固定出口 IP');
    expect(failed.reason).toContain('IP 白名单');
    t.wechat.admin.setAccount(DEFAULT_OFFICIAL_ACCOUNT.appid, { ipWhitelist: null });
    expect(await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher)).toMatchObject({ state: 'publishing' });
  }, 60_000);

  test('a body image over 1 MB is refused before anything is sent', async () => {
    const big = Buffer.concat([png(), Buffer.alloc(1024 * 1024)]);
    const a = await approvedArticle(`正文\n\n![大图](${await storeImage(big)})`);
    const failed = await ok<PublishView>('articles', 'publishArticle', { articleId: a.id }, publisher);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toContain('超过公众号 1 MB 的限制');
    expect(Object.keys(t.wechat.admin.state().media)).toHaveLength(0);
  }, 60_000);
});
