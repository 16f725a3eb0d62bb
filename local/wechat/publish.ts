/**
 * Publishing (contract §4): freepublish jobs, the publish_status state machine advancing with
 * the stand-in clock (§4.2), and the PUBLISHJOBFINISH push (§4.3).
 *
 *     submit → 1 PUBLISHING ──(clock ≥ dueAt)──► 0 SUCCESS ──► 5 USER_DELETED_ALL / 6 SYSTEM_BANNED_ALL
 *                                          ├──► 2 ORIGINAL_CHECK_FAILED (fail_idx)
 *                                          ├──► 3 GENERAL_FAILURE
 *                                          └──► 4 AUDIT_REJECTED (fail_idx)
 */
import { randomBytes } from 'crypto';
import { wechatSignature } from '../../cloudfunctions/_shared/wechat/event';
import type { AccountConfig, EventDelivery, PublishJob, PublishOutcome, StoredArticle, WechatState } from './types';
import { PublishStatus } from './types';

/** `[[fail:N]]` in a title forces the job to end in status N (§4.2 knob). */
const FAIL_MARKER = /\[\[fail:([0234])\]\]/;

/**
 * The planned end of a job: an admin outcome for the draft wins, then title markers, else success.
 * Title markers mark the failing positions (1-based) for statuses 2 and 4.
 */
export function planOutcome(articles: StoredArticle[], admin?: PublishOutcome): { status: 0 | 2 | 3 | 4; failIdx: number[] } {
  if (admin) {
    const failIdx = admin.status === 2 || admin.status === 4 ? admin.failIdx ?? [1] : [];
    return { status: admin.status, failIdx };
  }
  let status = 0;
  const failIdx: number[] = [];
  for (const [i, a] of articles.entries()) {
    const m = FAIL_MARKER.exec(a.title);
    if (m && Number(m[1]) !== 0) {
      status = Number(m[1]);
      failIdx.push(i + 1);
    }
  }
  return { status: status as 0 | 2 | 3 | 4, failIdx: status === 2 || status === 4 ? failIdx : [] };
}

/** A published article URL (short form `https://mp.weixin.qq.com/s/<id>`). */
function articleUrl(): string {
  return `https://mp.weixin.qq.com/s/${randomBytes(16).toString('base64url')}`;
}

/**
 * Ends every publishing job whose time has come (clock ≥ dueAt). On success the article is
 * published and the draft leaves the draft box (§3.2). Returns the jobs that just ended.
 */
export function advanceJobs(state: WechatState, nowMs: number): PublishJob[] {
  const ended: PublishJob[] = [];
  for (const job of Object.values(state.jobs)) {
    if (job.status !== PublishStatus.PUBLISHING || job.dueAtMs > nowMs) continue;
    job.status = job.planned.status;
    job.failIdx = job.planned.failIdx;
    job.finishedAtMs = job.dueAtMs;
    job.updatedAtMs = job.dueAtMs;
    if (job.status === PublishStatus.SUCCESS) {
      job.articleId = randomBytes(24).toString('base64url');
      job.items = job.articles.map((_, i) => ({ idx: i + 1, url: articleUrl(), deleted: false }));
      delete state.drafts[job.draftMediaId];
    }
    ended.push(job);
  }
  return ended;
}

/** `freepublish/get` body for a job (§4.2); no errcode on success. */
export function jobStatusBody(job: PublishJob, asString: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    publish_id: asString ? String(job.publishId) : job.publishId,
    publish_status: job.status,
  };
  if (job.articleId && job.items) {
    body.article_id = job.articleId;
    body.article_detail = { count: job.items.length, item: job.items.map((it) => ({ idx: it.idx, article_url: it.url })) };
  }
  body.fail_idx = job.failIdx;
  return body;
}

const cdata = (s: string): string => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** The PUBLISHJOBFINISH XML (§4.3), built from the same job `freepublish/get` reads. */
export function publishEventXml(job: PublishJob, account: AccountConfig, nowMs: number): string {
  const lines = [
    '<xml>',
    `<ToUserName>${cdata(account.ghid)}</ToUserName>`,
    `<FromUserName>${cdata(`o${account.appid.slice(2, 10)}mphelper`)}</FromUserName>`,
    `<CreateTime>${Math.floor(nowMs / 1000)}</CreateTime>`,
    `<MsgType>${cdata('event')}</MsgType>`,
    `<Event>${cdata('PUBLISHJOBFINISH')}</Event>`,
    '<PublishEventInfo>',
    `<publish_id>${job.publishId}</publish_id>`,
    `<publish_status>${job.status}</publish_status>`,
  ];
  if (job.status === PublishStatus.SUCCESS && job.articleId && job.items) {
    lines.push(`<article_id>${cdata(job.articleId)}</article_id>`);
    lines.push(`<article_detail><count>${job.items.length}</count>`);
    for (const it of job.items) lines.push(`<item><idx>${it.idx}</idx><article_url>${cdata(it.url)}</article_url></item>`);
    lines.push('</article_detail>');
  }
  for (const i of job.failIdx) lines.push(`<fail_idx>${i}</fail_idx>`);
  lines.push('</PublishEventInfo>', '</xml>');
  return lines.join('\n');
}

/**
 * Delivers pushes: POST the XML (Content-Type text/xml) to `url` with `signature`, `timestamp`,
 * `nonce` in the query (§4.3 plaintext mode); any 2xx counts as delivered; otherwise retried
 * up to `eventMaxAttempts` calls in total, `eventRetryDelayMs` apart.
 */
export class EventSender {
  private readonly inflight = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(
    private readonly state: () => WechatState,
    private readonly changed: () => void,
  ) {}

  /** Queues the push of one ended job. */
  send(delivery: EventDelivery, signedAtMs: number): void {
    const p = this.attempt(delivery, signedAtMs).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private async attempt(d: EventDelivery, signedAtMs: number): Promise<void> {
    const k = this.state().knobs;
    while (!this.stopped && !d.delivered && d.attempts < k.eventMaxAttempts) {
      if (d.attempts > 0) await this.sleep(k.eventRetryDelayMs);
      if (this.stopped) return;
      d.attempts++;
      const timestamp = String(Math.floor(signedAtMs / 1000));
      const nonce = String(randomBytes(4).readUInt32BE(0));
      const signature = wechatSignature(k.eventToken, timestamp, nonce);
      const sep = d.url.includes('?') ? '&' : '?';
      const target = `${d.url}${sep}signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
      try {
        const res = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8' },
          body: d.xml,
          signal: AbortSignal.timeout(k.eventTimeoutMs),
        });
        await res.text().catch(() => '');
        d.lastResult = `HTTP ${res.status}`;
        d.delivered = res.ok;
      } catch (e) {
        d.lastResult = e instanceof Error ? e.message : String(e);
      }
      this.changed();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waits.delete(t);
        resolve();
      }, ms);
      this.waits.set(t, resolve);
    });
  }

  /** Resolves when every queued push has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Stops retrying (pending waits end at once). */
  stop(): void {
    this.stopped = true;
    for (const [t, resolve] of this.waits) {
      clearTimeout(t);
      resolve();
    }
    this.waits.clear();
  }
}
