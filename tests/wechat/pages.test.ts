/**
 * The local pages (what was published, in Chinese) and persistence across restarts (`dataDir`),
 * plus the admin HTTP endpoints a developer uses.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startHarness, FakeClock, png, type Harness, type Json } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wechat-standin-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function publish(h: Harness, title: string): Promise<{ articleId: string; url: string; imageUrl: string }> {
  const token = await h.classicToken();
  const cover = (await h.upload('material/add_material', token, png(), 'c.png', {}, { type: 'image' })).media_id;
  const img = (await h.upload('media/uploadimg', token, png(80), 'in.png')).url as string;
  const draft = await h.call('draft/add', {
    token,
    body: { articles: [{ title, author: '县民政局', content: `<p>关爱留守儿童 &lt;正文&gt;</p><img src="${img}">`, thumb_media_id: cover }] },
  });
  const sub = await h.call('freepublish/submit', { token, body: { media_id: draft.media_id } });
  h.clock.advance(2);
  const done = await h.call('freepublish/get', { token, body: { publish_id: sub.publish_id } });
  return { articleId: done.article_id, url: done.article_detail.item[0].article_url, imageUrl: img };
}

describe('local pages', () => {
  it('GET / lists published articles with title, author, time and URL (Chinese labels)', async () => {
    const h = await startHarness();
    try {
      const { articleId, url } = await publish(h, '寒假安全<提示>');
      const res = await fetch(`${h.wx.url}/`);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      for (const label of ['已发布文章', '标题', '作者', '发布时间', '链接']) expect(html).toContain(label);
      expect(html).toContain('寒假安全&lt;提示&gt;'); // escaped
      expect(html).toContain('县民政局');
      expect(html).toContain(url);
      expect(html).toContain(`/articles/${articleId}`);
      expect(html).toContain('2025-03-03 09:00:02'); // published at, Beijing time
    } finally {
      await h.stop();
    }
  });

  it('GET /articles/<id> shows the published HTML with its images served locally; unknown ids are 404', async () => {
    const h = await startHarness();
    try {
      const { articleId } = await publish(h, '寒假安全提示');
      const html = await (await fetch(`${h.wx.url}/articles/${articleId}`)).text();
      expect(html).toContain('<h1>寒假安全提示</h1>');
      expect(html).toContain('关爱留守儿童 &lt;正文&gt;');
      const src = /<img src="(\/media\/[^"]+)"/.exec(html.slice(html.indexOf('class="content"')))?.[1];
      expect(src).toBeDefined();
      const img = await fetch(`${h.wx.url}${src}`);
      expect(img.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await img.arrayBuffer())).toHaveLength(80);
      expect((await fetch(`${h.wx.url}/articles/nope`)).status).toBe(404);
    } finally {
      await h.stop();
    }
  });
});

describe('persistence (dataDir)', () => {
  it('a restart keeps published articles, their images and subscription credits', async () => {
    const clock = new FakeClock();
    const h1 = await startHarness({ clock, dataDir: dir });
    const { articleId } = await publish(h1, '持久化测试文章');
    h1.wx.admin.grantSubscription('oPARENT_wang_0001', 'TPL_CHECKIN', 3);
    await h1.stop();

    const h2 = await startHarness({ clock, dataDir: dir });
    try {
      const html = await (await fetch(`${h2.wx.url}/`)).text();
      expect(html).toContain('持久化测试文章');
      const page = await (await fetch(`${h2.wx.url}/articles/${articleId}`)).text();
      const src = /<img src="(\/media\/[^"]+)"/.exec(page.slice(page.indexOf('class="content"')))?.[1];
      expect((await fetch(`${h2.wx.url}${src}`)).status).toBe(200);
      const state = h2.wx.admin.state();
      expect(Object.values(state.subscriptions)[0]).toMatchObject({ credits: 3 });
    } finally {
      await h2.stop();
    }
  });
});

describe('admin over HTTP', () => {
  it('grants credits, reports state, and resets', async () => {
    const h = await startHarness();
    try {
      const post = (p: string, body: unknown) => fetch(`${h.wx.url}${p}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Json>);
      expect(await post('/__admin/subscriptions', { openid: 'oPARENT_wang_0001', template_id: 'TPL_CHECKIN', n: 2 })).toMatchObject({ credits: 2 });
      expect(await post('/__test__/subscribe', { openid: 'oPARENT_wang_0001', template_id: 'TPL_CHECKIN', result: 'accept' })).toMatchObject({ credits: 3 });
      expect((await post('/__admin/subscriptions', { openid: 'oPARENT_wang_0001', template_id: 'TPL_NOPE' })).error).toMatch(/unknown template/);
      const state = (await (await fetch(`${h.wx.url}/__admin/state`)).json()) as Json;
      expect(Object.keys(state.templates)).toContain('TPL_VISIT_NEW');
      await post('/__admin/reset', {});
      expect(h.wx.admin.state().subscriptions).toEqual({});
    } finally {
      await h.stop();
    }
  });

  it('a reset restores the accounts as configured at start, undoing admin changes', async () => {
    const h = await startHarness();
    try {
      const [appid, before] = Object.entries(h.wx.admin.state().accounts)[0];
      h.wx.admin.setAccount(appid, { secretFrozen: !before.secretFrozen });
      expect(h.wx.admin.state().accounts[appid].secretFrozen).toBe(!before.secretFrozen);
      h.wx.admin.reset();
      expect(h.wx.admin.state().accounts[appid]).toEqual(before);
    } finally {
      await h.stop();
    }
  });
});
