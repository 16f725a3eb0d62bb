/**
 * Pure rules of the policy pages (政策 tab and the article page): the tag chips, list rows, the
 * first-screen cache. No `wx` calls except storage, so they are unit-testable.
 */
import type { PublicArticleSummary } from '../contracts/articles';

/** The tag chips (same words as `ARTICLE_TAGS` in the contract; '' = 全部). */
export const TAG_CHIPS: { value: string; label: string }[] = [
  { value: '', label: '全部' },
  { value: '未成年人保护法', label: '未成年人保护法' },
  { value: '预防未成年人犯罪法', label: '预防未成年人犯罪法' },
  { value: '家庭教育促进法', label: '家庭教育促进法' },
  { value: '本县政策', label: '本县政策' },
];

/** One list row: only what the list renders (keeps setData small). */
export interface ArticleRow {
  id: string;
  title: string;
  digest: string;
  tagsText: string;
  dateText: string;
}

/** `2025-03-01` in Beijing time (the county's calendar) from an ISO instant. */
export function beijingDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

export function toRow(a: PublicArticleSummary): ArticleRow {
  return { id: a.id, title: a.title, digest: a.digest, tagsText: a.tags.join(' · '), dateText: beijingDate(a.publishedAt) };
}

/** Storage key of the cached first screen (全部, no search). */
export const LIST_CACHE_KEY = 'shouwang.articles.firstScreen.v1';
/** At most this many rows are cached (one screen and a bit). */
export const LIST_CACHE_ROWS = 20;

export interface CachedList {
  savedAt: number;
  rows: ArticleRow[];
  nextBefore?: string;
}

/** The cached first screen, or undefined when there is none or it is malformed. */
export function readListCache(): CachedList | undefined {
  try {
    const v = wx.getStorageSync(LIST_CACHE_KEY) as CachedList | '';
    if (v && Array.isArray(v.rows)) return v;
  } catch {
    /* storage unavailable: no cache */
  }
  return undefined;
}

export function writeListCache(rows: ArticleRow[], nextBefore: string | undefined, now = Date.now()): void {
  const value: CachedList = { savedAt: now, rows: rows.slice(0, LIST_CACHE_ROWS) };
  if (nextBefore && rows.length <= LIST_CACHE_ROWS) value.nextBefore = nextBefore;
  try {
    wx.setStorageSync(LIST_CACHE_KEY, value);
  } catch {
    /* full storage: the next open loads from the network */
  }
}

/** The share card of an article (onShareAppMessage). */
export function shareOf(article: { id: string; title: string }): { title: string; path: string } {
  return { title: article.title, path: `/packageArticles/pages/article/index?id=${encodeURIComponent(article.id)}` };
}

/** What the caller may do with an article now (the function checks again). */
export interface ArticleActions {
  submit: boolean;
  review: boolean;
  publish: boolean;
  draftOnly: boolean;
  refresh: boolean;
}

export function actionsFor(
  a: { status: string; mine: boolean; publish: { state: string; canDraftOnly?: boolean } },
  roles: readonly string[],
): ArticleActions {
  const publisher = roles.indexOf('publisher') >= 0;
  const reviewer = roles.indexOf('reviewer') >= 0;
  const approved = a.status === 'approved';
  return {
    submit: publisher && a.status === 'draft',
    review: reviewer && a.status === 'inReview' && !a.mine,
    publish: publisher && approved && a.publish.state !== 'publishing',
    draftOnly: publisher && approved && !!a.publish.canDraftOnly,
    refresh: a.publish.state === 'publishing',
  };
}

/** Body text size of an article as the renderer writes it (cloudfunctions/articles/src/render.ts, `p`). */
const ARTICLE_BODY_PX = 16;
/** Body text in 长辈模式 (app.wxss `--sw-elder-font-body`, 40rpx = 20 px). */
const ELDER_BODY_PX = 20;

/**
 * The article HTML sized for the reader. The stored HTML carries inline pixel sizes (the Official
 * Account copy needs them, and mp-html applies them as written), so app.wxss's 长辈模式 tokens do
 * not reach it: every `font-size: Npx` is multiplied by the mode's factor — 20/16 in 长辈模式 (body
 * text 20 px, headings in proportion), the person's WeChat font factor otherwise.
 * @param mode `elder` and `scale` of the page's `sw` (utils/ui-mode.ts)
 */
export function articleHtmlFor(html: string, mode: { elder: boolean; scale: number }): string {
  const factor = mode.elder ? ELDER_BODY_PX / ARTICLE_BODY_PX : mode.scale;
  if (!factor || factor === 1) return html;
  return html.replace(/font-size:\s*(\d+(?:\.\d+)?)px/g, (_m, n: string) => `font-size: ${Math.round(Number(n) * factor * 2) / 2}px`);
}
