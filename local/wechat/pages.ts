/**
 * The stand-in's local pages (Chinese): `GET /` lists what was published, `GET /articles/<id>`
 * shows the published HTML as stored after WeChat's sanitizing (§3.3), with mmbiz images
 * served from the stand-in.
 */
import type { MediaRecord, PublishJob, WechatState } from './types';

const STATUS_TEXT: Record<number, string> = {
  0: '发布成功',
  1: '发布中',
  2: '原创校验未通过',
  3: '常规失败',
  4: '审核未通过',
  5: '已删除',
  6: '已被封禁',
};

/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `YYYY-MM-DD HH:mm:ss` Beijing time. */
export function beijing(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:900px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;width:100%;margin:12px 0}th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;font-size:14px;vertical-align:top}
th{background:#f5f5f5}.muted{color:#888;font-size:13px}article{border-top:1px solid #eee;padding-top:16px;margin-top:24px}
article img{max-width:100%}.tag{display:inline-block;padding:0 6px;border-radius:4px;background:#eef;font-size:12px}</style></head>
<body>${body}</body></html>`;
}

/** `GET /`: published articles, publish jobs and recent subscribe messages. */
export function indexPage(state: WechatState, nowMs: number): string {
  const jobs = Object.values(state.jobs).sort((a, b) => b.submittedAtMs - a.submittedAtMs);
  const published = jobs.filter((j) => j.articleId);
  const rows = published
    .flatMap((j) =>
      j.articles.map((a, i) => {
        const item = j.items?.[i];
        const status = item?.deleted ? '已删除' : STATUS_TEXT[j.status];
        return `<tr><td><a href="/articles/${esc(j.articleId)}#a${i + 1}">${esc(a.title)}</a></td><td>${esc(a.author)}</td>
<td>${esc(beijing(j.finishedAtMs))}</td><td><a href="${esc(item?.url)}">${esc(item?.url)}</a></td><td>${esc(status)}</td></tr>`;
      }),
    )
    .join('');
  const jobRows = jobs
    .slice(0, 50)
    .map(
      (j) => `<tr><td>${j.publishId}</td><td>${esc(j.articles[0]?.title ?? '')}${j.articles.length > 1 ? ` 等 ${j.articles.length} 篇` : ''}</td>
<td>${esc(beijing(j.submittedAtMs))}</td><td><span class="tag">${esc(STATUS_TEXT[j.status] ?? j.status)}</span></td><td>${esc(j.failIdx.join('、'))}</td></tr>`,
    )
    .join('');
  const msgRows = state.messages
    .slice(-20)
    .reverse()
    .map(
      (m) => `<tr><td>${esc(beijing(m.atMs))}</td><td>${esc(m.touser)}</td><td>${esc(state.templates[m.templateId]?.title ?? m.templateId)}</td>
<td>${m.errcode === 0 ? '已发送' : `失败（${m.errcode}）`}</td><td class="muted">${esc(m.errcode === 0 ? '' : m.errmsg)}</td></tr>`,
    )
    .join('');
  const drafts = Object.keys(state.drafts).length;
  return layout(
    '微信模拟服务 · 已发布文章',
    `<h1>已发布文章</h1>
<p class="muted">本地微信接口模拟服务（公众号发布与小程序订阅消息）。当前时间（模拟时钟，北京时间）：${esc(beijing(nowMs))}；草稿箱中有 ${drafts} 篇草稿。</p>
${published.length ? `<table><thead><tr><th>标题</th><th>作者</th><th>发布时间</th><th>链接</th><th>状态</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>暂无已发布的文章。</p>'}
<h2>发布任务</h2>
${jobs.length ? `<table><thead><tr><th>发布任务 ID</th><th>文章</th><th>提交时间</th><th>状态</th><th>失败的文章序号</th></tr></thead><tbody>${jobRows}</tbody></table>` : '<p>暂无发布任务。</p>'}
<h2>最近的订阅消息</h2>
${msgRows ? `<table><thead><tr><th>时间</th><th>接收用户</th><th>模板</th><th>结果</th><th>说明</th></tr></thead><tbody>${msgRows}</tbody></table>` : '<p>暂无订阅消息。</p>'}`,
  );
}

/** Rewrites `data-src="http://mmbiz.qpic.cn/…"` to a visible local `src` for display. */
function localImages(html: string, media: Record<string, MediaRecord>): string {
  const byUrl = new Map(Object.values(media).map((m) => [m.url, m.fileKey]));
  return html.replace(/data-src="([^"]+)"/g, (whole, url: string) => {
    const key = byUrl.get(url.replace(/&amp;/g, '&'));
    return key ? `src="/media/${encodeURIComponent(key)}" ${whole}` : whole;
  });
}

/** `GET /articles/<articleId>`: the published HTML of every article of the job. */
export function articlePage(state: WechatState, job: PublishJob): string {
  const parts = job.articles
    .map((a, i) => {
      const item = job.items?.[i];
      const deleted = item?.deleted || job.status === 5 || job.status === 6;
      const cover = a.thumb_url ? Object.values(state.media).find((m) => m.url === a.thumb_url) : undefined;
      return `<article id="a${i + 1}"><h1>${esc(a.title)}</h1>
<p class="muted">作者：${esc(a.author || '（未填写）')} · 发布时间：${esc(beijing(job.finishedAtMs))} · 原文链接：<a href="${esc(item?.url)}">${esc(item?.url)}</a>${deleted ? ' · <strong>已删除</strong>' : ''}</p>
${cover ? `<p><img src="/media/${encodeURIComponent(cover.fileKey)}" alt="封面" style="max-height:200px"></p>` : ''}
${a.digest ? `<p class="muted">摘要：${esc(a.digest)}</p>` : ''}
<div class="content">${localImages(a.content, state.media)}</div></article>`;
    })
    .join('');
  return layout(job.articles[0]?.title ?? '文章', `<p><a href="/">← 返回已发布文章列表</a></p>${parts}`);
}

/** A small Chinese "not found" page. */
export function notFoundPage(): string {
  return layout('未找到', '<h1>未找到</h1><p>没有这篇文章。<a href="/">返回列表</a></p>');
}
