/**
 * Markdown → WeChat-safe HTML (cloudfunctions/articles/src/render.ts; contract §3.3, §7.3):
 * what survives sanitising and what a reader or the Official Account receives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown, toWechatContent, HOUSE_CSS } from '../../cloudfunctions/articles/src/render';
import { bodyImageProblem, defaultCoverPng, imageKind } from '../../cloudfunctions/articles/src/publishing';

const IMG = 'cloud://shouwang-local.7368-shouwang-local/articles/a.png';

/** Every tag name and attribute name in an HTML string. */
function tagsAndAttributes(html: string): { tags: Set<string>; attrs: Set<string> } {
  const tags = new Set<string>();
  const attrs = new Set<string>();
  for (const m of html.matchAll(/<([a-zA-Z0-9]+)([^>]*)>/g)) {
    tags.add(m[1].toLowerCase());
    for (const a of m[2].matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=/g)) attrs.add(a[1].toLowerCase());
  }
  return { tags, attrs };
}

describe('sanitising', () => {
  test('scripts, style blocks, iframes and event handlers are removed with their content', () => {
    const r = renderMarkdown(
      [
        '正文开始',
        '',
        '<script>alert("x")</script>',
        '<style>p { color: red }</style>',
        '<iframe src="https://evil.example/"></iframe>',
        '<p onclick="steal()" id="top" class="hero">段落</p>',
        '<form action="/x"><input name="a"><button>提交</button></form>',
      ].join('\n'),
    );
    expect(r.html).not.toMatch(/<script|<style|<iframe|<form|<input|<button/i);
    expect(r.html).not.toContain('alert');
    expect(r.html).not.toContain('color: red');
    expect(r.html).not.toContain('提交');
    const { attrs } = tagsAndAttributes(r.html);
    expect([...attrs].filter((a) => !['style', 'href', 'src', 'alt'].includes(a))).toEqual([]);
    expect(r.html).toContain('段落');
    expect(r.warnings.join()).toContain('已移除脚本');
  });

  test('styles are inline only: the house style is applied, a user style attribute is not', () => {
    const r = renderMarkdown('## 标题\n\n<p style="position:fixed;background:url(https://evil.example/x.png)">内容</p>');
    expect(r.html).toMatch(/<h2 style="[^"]*font-size:20px/);
    expect(r.html).not.toContain('position');
    expect(r.html).not.toContain('url(');
    // Every element that has a house rule carries it inline.
    expect(r.html).toMatch(/<p style="[^"]*line-height:1\.8/);
    expect(HOUSE_CSS.replace(/\{[^}]*\}/g, '')).not.toMatch(/[.#:[]/); // element selectors only: no class, id or pseudo
  });

  test('external links become numbered references; mp.weixin.qq.com links stay clickable', () => {
    const r = renderMarkdown(
      '见[民法典](https://www.npc.gov.cn/a.html)、[解读](https://www.gov.cn/b.html)与[再次](https://www.npc.gov.cn/a.html)，' +
        '以及[公众号文章](https://mp.weixin.qq.com/s/AbCd)、[锚点](#top)和[相对](./x.html)。',
    );
    expect(r.references).toEqual([
      { n: 1, text: '民法典', url: 'https://www.npc.gov.cn/a.html' },
      { n: 2, text: '解读', url: 'https://www.gov.cn/b.html' },
    ]);
    expect(r.html).toContain('民法典<sup');
    expect(r.html).toMatch(/再次<sup[^>]*>\[1\]<\/sup>/);
    expect(r.html).not.toContain('href="https://www.npc.gov.cn');
    expect(r.html).not.toContain('href="#');
    expect(r.html).toContain('<a href="https://mp.weixin.qq.com/s/AbCd"');
    expect(r.html).toContain('参考链接');
    expect(r.html).toContain('[2] 解读：https://www.gov.cn/b.html');
    expect(r.text).toContain('锚点和相对');
  });

  test('data-src, data: and foreign images are removed; storage images are kept', () => {
    const r = renderMarkdown(
      [
        `![自己的图](${IMG})`,
        '',
        '<img data-src="https://mmbiz.qpic.cn/mmbiz_png/abc/0" data-ratio="0.5">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<img src="https://hotlink.example/x.jpg">',
        `<img src="${IMG}" data-src="https://mmbiz.qpic.cn/other/0">`,
      ].join('\n'),
    );
    expect(r.images).toEqual([IMG]);
    expect(r.html).not.toContain('data-src');
    expect(r.html).not.toContain('data-ratio');
    expect(r.html).not.toContain('mmbiz');
    expect(r.html).not.toContain('data:image');
    expect(r.html).not.toContain('hotlink');
    expect((r.html.match(/<img /g) ?? []).length).toBe(2);
    expect(r.warnings.join('\n')).toMatch(/data-src[\s\S]*data:[\s\S]*外部图片/);
  });

  test('oversized images: size attributes are dropped and every image fits the column', () => {
    const r = renderMarkdown(`<img src="${IMG}" width="4000" height="3000" style="width:4000px">`);
    expect(r.html).not.toMatch(/width="|height="|4000/);
    expect(r.html).toMatch(/<img [^>]*style="[^"]*max-width:100%;height:auto/);
  });

  test('an image file over 1 MB, or not JPG/PNG, is refused before upload (media/uploadimg, §2.1)', () => {
    const png = defaultCoverPng(10, 10);
    expect(imageKind(png)).toBe('png');
    expect(bodyImageProblem(png, 1)).toBeUndefined();
    expect(bodyImageProblem(Buffer.concat([png, Buffer.alloc(1024 * 1024)]), 2)).toContain('第 2 张正文图片为 1.0 MB，超过公众号 1 MB 的限制');
    expect(bodyImageProblem(Buffer.from('GIF89a........'), 3)).toContain('不是 JPG/PNG');
  });
});

describe('what WeChat receives', () => {
  test('storage images are replaced by their uploaded mmbiz URLs', () => {
    const r = renderMarkdown(`![图](${IMG})`);
    const content = toWechatContent(r.html, { [IMG]: 'http://mmbiz.qpic.cn/mmbiz_png/xyz/0' });
    expect(content).toContain('src="http://mmbiz.qpic.cn/mmbiz_png/xyz/0"');
    expect(content).not.toContain('cloud://');
    expect(() => toWechatContent(r.html, {})).toThrow('images not uploaded');
  });

  test('code keeps its line breaks and indentation (the draft API eats newlines, §3.3.10)', () => {
    const r = renderMarkdown('```\nfunction a() {\n  return 1;\n}\n```');
    expect(r.html).toMatch(/function a\(\) \{<br \/>\u00a0\u00a0return 1;<br \/>\}/);
  });
});

describe('the county policy (local/data/policy/implementation-opinions.md)', () => {
  const md = readFileSync(join(__dirname, '..', '..', 'local', 'data', 'policy', 'implementation-opinions.md'), 'utf8');
  const r = renderMarkdown(md);

  test('its headings and paragraphs survive intact', () => {
    const h2 = [...r.html.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(h2).toEqual(['一、工作思路和目标', '二、工作重点任务', '三、工作要求']);
    const h3 = [...r.html.matchAll(/<h3[^>]*>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(h3).toContain('（一）强化监护监管责任落实');
    expect(h3).toContain('（四）注重宣传引导');
    // Every paragraph of the source is a paragraph of the output, word for word.
    const sourceParagraphs = md.split(/\n{2,}/).map((p) => p.trim()).filter((p) => p && !p.startsWith('#'));
    const htmlParagraphs = [...r.html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((m) => m[1].replace(/&quot;/g, '"'));
    expect(htmlParagraphs).toEqual(sourceParagraphs);
    expect(r.warnings).toEqual([]);
  });

  test('it fits WeChat: under 20,000 characters', () => {
    expect(Array.from(r.html).length).toBeLessThan(20_000);
  });
});
