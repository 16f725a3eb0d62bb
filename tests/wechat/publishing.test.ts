/**
 * Official Account publishing (contract §2–§4): uploads, drafts, freepublish through every
 * terminal state, the PUBLISHJOBFINISH push, switchable faults and account gating.
 */
import { parsePublishJobFinish, verifyWechatSignature } from '../../cloudfunctions/_shared/wechat/event';
import { startHarness, startReceiver, OA, png, jpg, gif, type Harness, type Json } from './helpers';

let h: Harness;
let token: string;
let cover: string;

beforeEach(async () => {
  h = await startHarness();
  token = await h.classicToken();
  cover = (await h.upload('material/add_material', token, png(), 'cover.png', {}, { type: 'image' })).media_id;
});
afterEach(async () => {
  await h.stop();
});

const article = (over: Json = {}): Json => ({
  title: '东至县留守儿童关爱政策解读',
  author: '县民政局',
  content: '<p>为加强农村留守儿童关爱保护工作……</p>',
  thumb_media_id: cover,
  ...over,
});

async function addDraft(...articles: Json[]): Promise<string> {
  const r = await h.call('draft/add', { token, body: { articles: articles.length ? articles : [article()] } });
  expect(r.errcode).toBeUndefined();
  return r.media_id as string;
}

async function submit(mediaId: string): Promise<Json> {
  const r = await h.call('freepublish/submit', { token, body: { media_id: mediaId } });
  expect(r).toMatchObject({ errcode: 0, errmsg: 'ok' });
  return r;
}

const status = (publishId: unknown) => h.call('freepublish/get', { token, body: { publish_id: publishId } });

describe('uploads', () => {
  it('uploadimg accepts JPG/PNG under 1 MB and returns an http mmbiz URL', async () => {
    const r = await h.upload('media/uploadimg', token, jpg(), 'body.jpg');
    expect(r.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\/mmbiz_jpg\/[A-Za-z0-9_-]+\/0$/);
    expect((await h.upload('media/uploadimg', token, gif(), 'x.gif')).errcode).toBe(40005);
    expect((await h.upload('media/uploadimg', token, png(1024 * 1024), 'big.png')).errcode).toBe(40009);
    const noFile = await fetch(`${h.wx.url}/cgi-bin/media/uploadimg?access_token=${token}`, { method: 'POST', body: new FormData() });
    expect(((await noFile.json()) as Json).errcode).toBe(41005);
  });

  it('add_material checks type and per-type limits', async () => {
    const img = await h.upload('material/add_material', token, gif(), 'a.gif', {}, { type: 'image' });
    expect(img.media_id).toEqual(expect.any(String));
    expect(img.url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
    const thumb = await h.upload('material/add_material', token, jpg(), 't.jpg', {}, { type: 'thumb' });
    expect(thumb.media_id).toEqual(expect.any(String));
    expect((await h.upload('material/add_material', token, jpg(65 * 1024), 't.jpg', {}, { type: 'thumb' })).errcode).toBe(45001);
    expect((await h.upload('material/add_material', token, png(), 't.png', {}, { type: 'thumb' })).errcode).toBe(40005);
    expect((await h.upload('material/add_material', token, png(), 'a.png', {}, { type: 'banner' })).errcode).toBe(40004);
    const count = await h.call('material/get_materialcount', { token });
    expect(count.image_count).toBe(3); // cover + gif + thumb
    expect((await h.call('material/del_material', { token, body: { media_id: 'nope' } })).errcode).toBe(40007);
  });
});

describe('drafts', () => {
  it('validates articles with the contract errcodes', async () => {
    const add = (a: Json) => h.call('draft/add', { token, body: { articles: [a] } });
    expect((await add(article({ thumb_media_id: undefined }))).errcode).toBe(40007);
    expect((await add(article({ thumb_media_id: 'unknown' }))).errcode).toBe(40007);
    expect((await add(article({ title: '题'.repeat(65) }))).errcode).toBe(45003);
    expect((await add(article({ title: '题'.repeat(64) }))).media_id).toEqual(expect.any(String));
    expect((await add(article({ author: '作'.repeat(17) }))).errcode).toBe(45110);
    expect((await add(article({ digest: '摘'.repeat(129) }))).errcode).toBe(45004);
    expect((await add(article({ content: 'x'.repeat(20_001) }))).errcode).toBe(45166);
    expect((await add(article({ need_open_comment: 1 }))).errcode).toBe(88000);
    const many = await h.call('draft/add', { token, body: { articles: Array.from({ length: 9 }, () => article()) } });
    expect(many.errcode).toBe(45008);
    expect((await h.call('draft/add', { token, body: '{"articles":' })).errcode).toBe(47001);
  });

  it('sanitizes content like WeChat: scripts and ids go, foreign images go, src becomes data-src, foreign links lose href', async () => {
    const body = await h.upload('media/uploadimg', token, png(), 'in.png');
    const id = await addDraft(
      article({
        content:
          `<p id="p1" onclick="x()">正文<script>alert(1)</script></p><style>p{color:red}</style>` +
          `<img src="${body.url}"><img src="https://example.com/a.png">` +
          `<a href="https://example.com">外部链接</a><a href="https://mp.weixin.qq.com/s/abc">往期文章</a>`,
      }),
    );
    const got = await h.call('draft/get', { token, body: { media_id: id } });
    const content: string = got.news_item[0].content;
    expect(content).not.toMatch(/script|alert|<style|onclick|id="p1"|example\.com\/a\.png/);
    expect(content).toContain(`data-src="${body.url}"`);
    expect(content).not.toMatch(/ src=/);
    expect(content).toContain('<a>外部链接</a>');
    expect(content).toContain('<a href="https://mp.weixin.qq.com/s/abc">往期文章</a>');
    expect(got.news_item[0].thumb_url).toMatch(/^http:\/\/mmbiz\.qpic\.cn\//);
  });

  it('update replaces one article (object, 0-based index), count/batchget/delete work', async () => {
    const id = await addDraft(article(), article({ title: '第二篇' }));
    expect((await h.call('draft/update', { token, body: { media_id: id, index: 2, articles: article() } })).errcode).toBe(40114);
    expect((await h.call('draft/update', { token, body: { media_id: id, index: 1, articles: [article()] } })).errcode).toBe(47001);
    expect(await h.call('draft/update', { token, body: { media_id: id, index: 1, articles: article({ title: '改后的标题' }) } })).toMatchObject({ errcode: 0 });
    const got = await h.call('draft/get', { token, body: { media_id: id } });
    expect(got.news_item.map((a: Json) => a.title)).toEqual(['东至县留守儿童关爱政策解读', '改后的标题']);
    expect((await h.call('draft/count', { token })).total_count).toBe(1);
    const list = await h.call('draft/batchget', { token, body: { offset: 0, count: 20, no_content: 1 } });
    expect(list.item[0].media_id).toBe(id);
    expect(list.item[0].content.news_item[0].content).toBeUndefined();
    expect(await h.call('draft/delete', { token, body: { media_id: id } })).toMatchObject({ errcode: 0 });
    expect((await h.call('draft/get', { token, body: { media_id: id } })).errcode).toBe(40007);
  });
});

describe('freepublish status machine (follows the clock)', () => {
  it('publishing → success: article_id, URLs, draft leaves the draft box, listed by batchget', async () => {
    const id = await addDraft(article(), article({ title: '第二篇' }));
    const sub = await submit(id);
    expect(Number.isInteger(sub.publish_id)).toBe(true);
    const first = await status(sub.publish_id);
    expect(first).toEqual({ publish_id: sub.publish_id, publish_status: 1, fail_idx: [] });
    h.clock.advance(2);
    const done = await status(String(sub.publish_id)); // a string id is accepted too
    expect(done.publish_status).toBe(0);
    expect(done.errcode).toBeUndefined();
    expect(done.article_id).toEqual(expect.any(String));
    expect(done.article_detail.count).toBe(2);
    expect(done.article_detail.item.map((i: Json) => i.idx)).toEqual([1, 2]);
    expect(done.article_detail.item[0].article_url).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/s\//);
    expect(done.fail_idx).toEqual([]);
    expect((await h.call('draft/get', { token, body: { media_id: id } })).errcode).toBe(40007);
    const list = await h.call('freepublish/batchget', { token, body: { offset: 0, count: 10 } });
    expect(list.total_count).toBe(1);
    expect(list.item[0].article_id).toBe(done.article_id);
    expect(list.item[0].content.news_item[1]).toMatchObject({ title: '第二篇', is_deleted: false });
    const art = await h.call('freepublish/getarticle', { token, body: { article_id: done.article_id } });
    expect(art.news_item[0].url).toBe(done.article_detail.item[0].article_url);
    expect((await h.call('freepublish/getarticle', { token, body: { article_id: 'nope' } })).errcode).toBe(53600);
  });

  it.each([
    [2, '原创校验未通过', [1]],
    [3, '常规失败', []],
    [4, '审核未通过', [2]],
  ])('an admin-chosen outcome ends the job in status %s (%s)', async (outcome, _label, failIdx) => {
    const id = await addDraft(article(), article({ title: '第二篇' }));
    h.wx.admin.setPublishOutcome(id, { status: outcome as 2 | 3 | 4, failIdx: failIdx.length ? failIdx : undefined });
    const sub = await submit(id);
    expect((await status(sub.publish_id)).publish_status).toBe(1);
    h.clock.advance(5);
    const end = await status(sub.publish_id);
    expect(end).toEqual({ publish_id: sub.publish_id, publish_status: outcome, fail_idx: failIdx });
    // a failed publish leaves the draft in the draft box and publishes nothing
    expect((await h.call('draft/get', { token, body: { media_id: id } })).news_item).toHaveLength(2);
    expect((await h.call('freepublish/batchget', { token, body: { offset: 0, count: 10 } })).total_count).toBe(0);
  });

  it('a [[fail:4]] title marker rejects that article (fail_idx names its position)', async () => {
    const id = await addDraft(article(), article({ title: '第二篇 [[fail:4]]' }));
    const sub = await submit(id);
    h.clock.advance(2);
    expect(await status(sub.publish_id)).toMatchObject({ publish_status: 4, fail_idx: [2] });
  });

  it('delete moves a published job to status 5; ban to 6; unknown publish_id is 40002', async () => {
    const sub = await submit(await addDraft());
    h.clock.advance(2);
    const done = await status(sub.publish_id);
    expect(await h.call('freepublish/delete', { token, body: { article_id: done.article_id, index: 0 } })).toMatchObject({ errcode: 0 });
    expect((await status(sub.publish_id)).publish_status).toBe(5);
    const list = await h.call('freepublish/batchget', { token, body: { offset: 0, count: 10 } });
    expect(list.item[0].content.news_item[0].is_deleted).toBe(true);
    const sub2 = await submit(await addDraft());
    h.clock.advance(2);
    h.wx.admin.banArticle((await status(sub2.publish_id)).article_id);
    expect((await status(sub2.publish_id)).publish_status).toBe(6);
    expect((await status(999)).errcode).toBe(40002);
  });

  it('publish_id as a string when the knob says so', async () => {
    h.wx.admin.setKnobs({ publishIdAsString: true });
    const sub = await submit(await addDraft());
    expect(typeof sub.publish_id).toBe('string');
    expect((await status(Number(sub.publish_id))).publish_id).toBe(sub.publish_id);
  });

  it('48001 for unverified or personal accounts, and when the permission is switched off', async () => {
    const id = await addDraft();
    h.wx.admin.setAccount(OA.appid, { profile: 'personal' });
    expect((await h.call('freepublish/submit', { token, body: { media_id: id } })).errcode).toBe(48001);
    expect((await h.call('draft/count', { token })).errcode).toBeUndefined(); // drafts still work
    h.wx.admin.setAccount(OA.appid, { profile: 'service_verified', deniedApis: ['draft/*'] });
    expect((await h.call('draft/count', { token })).errcode).toBe(48001);
    expect((await h.call('freepublish/submit', { token, body: { media_id: id } })).errcode).toBe(0);
  });
});

describe('PUBLISHJOBFINISH push', () => {
  it('POSTs signed XML to eventUrl when the job ends, agreeing with freepublish/get', async () => {
    const rx = await startReceiver();
    try {
      h.wx.admin.setEventUrl(rx.url);
      const sub = await submit(await addDraft());
      await h.wx.admin.settle();
      expect(rx.received).toHaveLength(0); // still publishing
      h.clock.advance(2); // the clock change ends the job and pushes
      await h.wx.admin.settle();
      expect(rx.received).toHaveLength(1);
      const push = rx.received[0];
      expect(push.contentType).toMatch(/xml/);
      const eventToken = h.wx.admin.state().knobs.eventToken;
      expect(verifyWechatSignature(eventToken, Object.fromEntries(push.query))).toBe(true);
      expect(verifyWechatSignature('other-token', Object.fromEntries(push.query))).toBe(false);
      const ev = parsePublishJobFinish(push.body);
      const polled = await status(sub.publish_id);
      expect(ev).toMatchObject({
        toUserName: OA.ghid,
        publishId: String(sub.publish_id),
        publishStatus: 0,
        articleId: polled.article_id,
        articles: [{ idx: 1, url: polled.article_detail.item[0].article_url }],
        failIdx: [],
      });
    } finally {
      await rx.close();
    }
  });

  it('pushes failures with fail_idx and retries a receiver that answers 500', async () => {
    let calls = 0;
    const rx = await startReceiver(() => (++calls === 1 ? 500 : 200));
    try {
      h.wx.admin.setKnobs({ eventRetryDelayMs: 10 });
      h.wx.admin.setEventUrl(rx.url);
      const id = await addDraft(article(), article({ title: '第二篇' }));
      h.wx.admin.setPublishOutcome(id, { status: 2, failIdx: [2] });
      const sub = await submit(id);
      h.clock.advance(2);
      await h.wx.admin.settle();
      expect(rx.received).toHaveLength(2);
      expect(rx.received[0].body).toBe(rx.received[1].body);
      expect(parsePublishJobFinish(rx.received[1].body)).toMatchObject({ publishId: String(sub.publish_id), publishStatus: 2, failIdx: [2], articles: [] });
      const delivery = h.wx.admin.state().events[0];
      expect(delivery).toMatchObject({ attempts: 2, delivered: true });
    } finally {
      await rx.close();
    }
  });
});

describe('switchable faults', () => {
  it('the next N calls to an endpoint return the chosen errcode, then normal service resumes', async () => {
    h.wx.admin.setFault({ endpoint: 'draft/add', errcode: -1, times: 2 });
    const a = await h.call('draft/add', { token, body: { articles: [article()] } });
    expect(a).toMatchObject({ errcode: -1 });
    expect(a.errmsg).toMatch(/^system error rid: /);
    expect((await h.call('draft/add', { token, body: { articles: [article()] } })).errcode).toBe(-1);
    expect((await h.call('draft/add', { token, body: { articles: [article()] } })).media_id).toEqual(expect.any(String));
  });

  it('faults by prefix and over HTTP admin (45009 on freepublish/*, 40001 on the token check path)', async () => {
    const id = await addDraft();
    const res = await fetch(`${h.wx.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ endpoint: 'freepublish/*', errcode: 45009 }) });
    expect(res.status).toBe(200);
    expect((await h.call('freepublish/submit', { token, body: { media_id: id } })).errcode).toBe(45009);
    expect((await h.call('freepublish/submit', { token, body: { media_id: id } })).errcode).toBe(0);
    h.wx.admin.setFault({ endpoint: 'draft/count', errcode: 40001 });
    expect((await h.call('draft/count', { token })).errcode).toBe(40001);
    expect((await h.call('draft/count', { token })).total_count).toBe(1);
  });

  it('a fault without a count lasts until cleared', async () => {
    h.wx.admin.setFault({ endpoint: 'token', errcode: 50002, times: null });
    for (let i = 0; i < 3; i++) {
      expect((await h.call('token', { query: { grant_type: 'client_credential', appid: OA.appid, secret: OA.secret } })).errcode).toBe(50002);
    }
    h.wx.admin.clearFaults();
    expect(typeof (await h.classicToken())).toBe('string');
  });
});
