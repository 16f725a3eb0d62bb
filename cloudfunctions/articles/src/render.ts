/**
 * Markdown → WeChat-safe HTML (contract §3.3 "what WeChat does to content", §5 formatter anchors,
 * §7.3 "sanitise on write"). The same sanitised HTML is stored for the mini-program (mp-html) and,
 * with its images swapped for uploaded mmbiz URLs, sent to the Official Account.
 *
 * Pipeline:
 *  1. markdown-it (CommonMark, raw HTML allowed so pasted HTML is sanitised rather than escaped);
 *     code blocks keep their line breaks and indentation as `<br>` / `&nbsp;` (§3.3.10).
 *  2. sanitize-html, allowlist (§7.3): no script/style blocks/iframes/forms (removed with their
 *     content), no `id`/`class`/`on*`/`data-*`, no user `style`. Images: only our storage files
 *     (`cloud://` fileIDs) survive; `data-src` is never passed through (mp-html would load it,
 *     §7.2); `data:` and foreign images are removed with a warning (§3.3.2, §3.3.8); `width`/`height`
 *     attributes are dropped so no image is wider than the column. Links: `mp.weixin.qq.com` links
 *     stay clickable; other web links become numbered references `[n]` listed under 参考链接
 *     (§3.3.3); anything else (anchors, `javascript:`, relative) keeps only its text.
 *  3. juice inlines the house style (element selectors only), so the output carries inline
 *     `style` attributes only (§3.3.5), then a final allowlist pass filters the CSS properties.
 *
 * Loaded lazily (`require('./render')` inside the actions that render) so cold starts of the other
 * actions do not pay for markdown-it, juice and sanitize-html (DESIGN.md cold-start budget).
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// juice's client build (no file/URL inliner, so no network code is bundled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const juice = require('juice/client') as { inlineContent(html: string, css: string, options?: Record<string, unknown>): string };

/** A reference made from an external link. */
export interface LinkReference {
  n: number;
  text: string;
  url: string;
}

export interface RenderResult {
  /** Sanitised HTML with inline styles only. */
  html: string;
  /** Plain text of the body (search, default digest). */
  text: string;
  /** Storage fileIDs of the body images, in order of first appearance. */
  images: string[];
  references: LinkReference[];
  /** What was removed or changed, in Chinese, for the publisher. */
  warnings: string[];
}

/** Hosts whose links stay clickable inside an Official Account article (§3.3.3). */
export function isWechatArticleUrl(href: string): boolean {
  try {
    const u = new URL(href);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname === 'mp.weixin.qq.com';
  } catch {
    return false;
  }
}

/** An image source we can upload: a file of our own CloudBase storage. */
export function isStorageFileId(src: string): boolean {
  return /^cloud:\/\/[^\s"'<>]+$/.test(src);
}

/** House style, element selectors only (inlined by juice; the reading column is ≈ 677 px, §3.3.11). */
export const HOUSE_CSS = `
h1 { font-size: 22px; font-weight: bold; line-height: 1.4; margin: 24px 0 12px; color: #1f2329; }
h2 { font-size: 20px; font-weight: bold; line-height: 1.4; margin: 24px 0 12px; color: #0052d9; }
h3 { font-size: 18px; font-weight: bold; line-height: 1.5; margin: 20px 0 10px; color: #1f2329; }
h4 { font-size: 16px; font-weight: bold; line-height: 1.5; margin: 16px 0 8px; color: #1f2329; }
p { font-size: 16px; line-height: 1.8; margin: 0 0 16px; color: #333333; text-align: justify; letter-spacing: 0.5px; }
ul, ol { font-size: 16px; line-height: 1.8; margin: 0 0 16px; padding-left: 24px; color: #333333; }
li { margin: 4px 0; }
blockquote { margin: 0 0 16px; padding: 8px 16px; border-left: 4px solid #0052d9; background-color: #f2f3ff; color: #555555; }
pre { margin: 0 0 16px; padding: 12px; background-color: #f6f8fa; border-radius: 4px; font-size: 13px; line-height: 1.6; overflow-x: auto; }
code { font-family: Menlo, Consolas, monospace; font-size: 14px; color: #c7254e; }
pre code { color: #333333; }
img { display: block; max-width: 100%; height: auto; margin: 12px auto; border-radius: 4px; }
a { color: #576b95; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; font-size: 14px; }
th, td { border: 1px solid #dcdcdc; padding: 6px 8px; text-align: left; }
th { background-color: #f3f3f3; font-weight: bold; }
hr { border: 0; border-top: 1px solid #e7e7e7; margin: 24px 0; }
sup { font-size: 12px; color: #576b95; }
strong, b { font-weight: bold; color: #1f2329; }
`;

const REFS_HEADING = '参考链接';
const REF_HREF_PREFIX = '#shouwang-ref-';

const BLOCK_TAGS = ['h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'hr', 'br', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'];
const INLINE_TAGS = ['strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sup', 'sub', 'span', 'a', 'img', 'section', 'div'];

/** Removed together with everything inside them. */
const DROP_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'form', 'select', 'button', 'svg', 'math', 'template', 'title', 'head', 'canvas', 'video', 'audio', 'frameset', 'noembed'];

/** CSS properties the final pass lets through, with safe values (no url(), no expression()). */
const SAFE_VALUE = [/^[#a-zA-Z0-9 .,%()\-'"]*$/];
const ALLOWED_STYLES: Record<string, RegExp[]> = Object.fromEntries(
  [
    'font-size', 'font-weight', 'font-family', 'font-style', 'line-height', 'margin', 'margin-top', 'margin-bottom', 'margin-left', 'margin-right',
    'padding', 'padding-left', 'padding-right', 'padding-top', 'padding-bottom', 'color', 'background-color', 'text-align', 'letter-spacing',
    'border', 'border-top', 'border-left', 'border-radius', 'border-collapse', 'display', 'max-width', 'width', 'height', 'overflow-x', 'text-decoration',
  ].map((p) => [p, SAFE_VALUE]),
);

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Code text for WeChat: line breaks as `<br>`, indentation as `&nbsp;` (§3.3.10). */
function codeToHtml(code: string): string {
  return code
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => escapeHtml(line).replace(/^( +)/, (m) => '&nbsp;'.repeat(m.length)).replace(/\t/g, '&nbsp;&nbsp;&nbsp;&nbsp;'))
    .join('<br>');
}

let md: MarkdownIt.MarkdownIt | undefined;
function markdown(): MarkdownIt.MarkdownIt {
  if (md) return md;
  md = new MarkdownIt({ html: true, linkify: true, breaks: false, typographer: false });
  md.renderer.rules.fence = (tokens, idx) => `<pre><code>${codeToHtml(tokens[idx].content)}</code></pre>\n`;
  md.renderer.rules.code_block = (tokens, idx) => `<pre><code>${codeToHtml(tokens[idx].content)}</code></pre>\n`;
  return md;
}

function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function shortUrl(src: string): string {
  return src.length > 60 ? `${src.slice(0, 57)}...` : src;
}

/**
 * Renders an article body.
 * @param source Markdown (raw HTML inside is sanitised)
 * @returns sanitised HTML with inline styles, its plain text, body images, references, warnings
 */
export function renderMarkdown(source: string): RenderResult {
  const warnings: string[] = [];
  const images: string[] = [];
  const references: LinkReference[] = [];
  const refByUrl = new Map<string, number>();
  let removedScripts = false;

  const raw = markdown().render(source);
  if (/<(script|style|iframe|object|embed|form)\b/i.test(raw)) removedScripts = true;

  // Pass 1: structure allowlist, images and links.
  const structured = sanitizeHtml(raw, {
    allowedTags: [...BLOCK_TAGS, ...INLINE_TAGS],
    allowedAttributes: { a: ['href'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['https', 'http', 'cloud'],
    allowedSchemesByTag: { img: ['cloud'] },
    allowProtocolRelative: false,
    nonTextTags: DROP_WITH_CONTENT,
    disallowedTagsMode: 'discard',
    transformTags: {
      h5: 'h4',
      h6: 'h4',
      img: (_tagName, attribs): sanitizeHtml.Tag => {
        const src = (attribs.src ?? '').trim();
        const lazy = (attribs['data-src'] ?? '').trim();
        const candidate = src || lazy;
        if (isStorageFileId(candidate)) {
          if (!images.includes(candidate)) images.push(candidate);
          return { tagName: 'img', attribs: { src: candidate, alt: attribs.alt ?? '' } };
        }
        if (!candidate) warnings.push('已移除一张没有图片地址的图片');
        else if (candidate.startsWith('data:')) warnings.push('已移除内嵌（data:）图片：公众号不接受，请上传图片文件');
        else if (!src && lazy) warnings.push(`已移除仅有 data-src 的图片（${shortUrl(lazy)}）：请上传图片文件`);
        else warnings.push(`已移除外部图片（${shortUrl(candidate)}）：公众号只显示上传的图片，请上传图片文件`);
        return { tagName: 'img', attribs: {} };
      },
      a: (_tagName, attribs): sanitizeHtml.Tag => {
        const href = (attribs.href ?? '').trim();
        if (isWechatArticleUrl(href)) return { tagName: 'a', attribs: { href } };
        if (/^https?:\/\//i.test(href)) {
          let n = refByUrl.get(href);
          if (n === undefined) {
            n = references.length + 1;
            refByUrl.set(href, n);
            references.push({ n, text: '', url: href });
          }
          return { tagName: 'a', attribs: { href: `${REF_HREF_PREFIX}${n}` } };
        }
        return { tagName: 'span', attribs: {} };
      },
    },
    // Images whose source was refused are dropped entirely.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  if (removedScripts) warnings.push('已移除脚本、样式表或嵌入内容');

  // External links → text + [n]; the list of references goes at the end.
  const linked = structured.replace(/<a href="#shouwang-ref-(\d+)">([\s\S]*?)<\/a>/g, (_m, num: string, inner: string) => {
    const ref = references[Number(num) - 1];
    if (ref && !ref.text) ref.text = plainText(inner);
    return `${inner}<sup>[${num}]</sup>`;
  });
  let body = linked;
  if (references.length > 0) {
    warnings.push(`${references.length} 个外部链接已转为文末参考链接（公众号文章只能点击 mp.weixin.qq.com 链接）`);
    const items = references
      .map((r) => `<p>[${r.n}] ${escapeHtml(r.text && r.text !== r.url ? `${r.text}：` : '')}${escapeHtml(r.url)}</p>`)
      .join('');
    body += `<hr><h4>${REFS_HEADING}</h4>${items}`;
  }

  // Pass 2: inline the house style, then keep only inline styles with safe properties.
  const inlined = juice.inlineContent(body, HOUSE_CSS, { inlinePseudoElements: false, preserveImportant: false, applyWidthAttributes: false, applyHeightAttributes: false });
  const html = sanitizeHtml(inlined, {
    allowedTags: [...BLOCK_TAGS, ...INLINE_TAGS],
    allowedAttributes: { '*': ['style'], a: ['href', 'style'], img: ['src', 'alt', 'style'], td: ['colspan', 'rowspan', 'style'], th: ['colspan', 'rowspan', 'style'] },
    allowedSchemes: ['https', 'http', 'cloud'],
    allowedSchemesByTag: { img: ['cloud'] },
    allowedStyles: { '*': ALLOWED_STYLES },
    nonTextTags: DROP_WITH_CONTENT,
  }).trim();

  return { html, text: plainText(linked), images, references, warnings };
}

/**
 * The HTML sent to the Official Account: the stored HTML with each storage image replaced by its
 * uploaded mmbiz URL (§2.1: only uploadimg URLs may appear in `<img>`).
 * @param html output of `renderMarkdown`
 * @param imageUrls fileID → URL returned by `media/uploadimg`
 * @throws Error when an image has no uploaded URL (a programming error: upload first)
 */
export function toWechatContent(html: string, imageUrls: Record<string, string>): string {
  const missing: string[] = [];
  // The input is our own sanitised output: attribute values are quoted and escaped.
  const out = html.replace(/(<img\b[^>]*?\bsrc=")([^"]*)(")/g, (_m, a: string, src: string, b: string) => {
    const url = imageUrls[src.replace(/&amp;/g, '&')];
    if (!url) missing.push(src);
    return `${a}${escapeHtml(url ?? '')}${b}`;
  });
  if (missing.length) throw new Error(`images not uploaded: ${missing.join(', ')}`);
  return out;
}

/** Number of characters WeChat counts (code points). */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** The first `n` characters of `text` (WeChat's default digest is 54). */
export function digestOf(text: string, n = 54): string {
  const cps = Array.from(text);
  return cps.length <= n ? text : `${cps.slice(0, n - 1).join('')}…`;
}
