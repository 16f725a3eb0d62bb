/**
 * Notifications any capability can send (DESIGN.md "Notifications go one way";
 * shared/domain/notifications.md): an **in-app entry** in the `notifications` collection, which
 * is authoritative, plus a **best-effort subscribe message** whose result is recorded on the
 * entry (`push: { status, errcode, errmsg, attempts, templateId, at }`). The message is sent only
 * against a credit the person's answer recorded (`_shared/subscriptions.ts`; without one the push
 * is `skipped` and nothing is called); 43101/43104 (not subscribed) use the credit up and are
 * recorded on the subscription; those and the other user/data-caused errcodes are never retried
 * (`sendSubscribeMessage`).
 *
 * ```ts
 * await notify(ctx, {
 *   to: { personId },                       // or { key } for a recipient known only by a keyed hash
 *   kind: 'helpline.urgent', title: '紧急求助', body: '有一条紧急求助待处理',
 *   ref: { kind: 'helplineRequest', id },
 *   push: { template: 'reportToHandle', values: { phrase1: '紧急求助', … }, page: 'packageHelpline/…' },
 * });
 * ```
 *
 * Recipients: `{ personId }` (pushes go to every openid linked to the person in `identities`),
 * or `{ key }` (an HMAC the caller computes, e.g. an anonymous helpline requester; the push then
 * needs `push.openid`, which is used for the call only and never stored). Entries hold ids and
 * Chinese text only; never put names, phone or ID numbers in `title`/`body`.
 */
import { sendSubscribeMessage, type FieldInput, type SubscribeSendResult } from './wechat/subscribe';
import { parseTemplateIds, type TemplateKey } from './wechat/templates';
import { lookupHash } from './crypto';
import { NOT_SUBSCRIBED_ERRCODES, recordSendResult, takeCredit } from './subscriptions';
import type { NotificationKind } from './contracts/inbox';
import type { ActionContext } from './context';

/** Collection of in-app notifications (listed in collections.ts). */
export const NOTIFICATIONS = 'notifications';

/** Who receives a notification. */
export type NotifyRecipient = { personId: string } | { key: string };

/**
 * The flat recipient field stored on every entry (`p:<personId>` or `k:<key>`), so the inbox
 * reads a person's entries with one indexed `in` query whichever way they were addressed.
 */
export function recipientField(to: NotifyRecipient): string {
  return 'personId' in to ? `p:${to.personId}` : `k:${to.key}`;
}

/**
 * The keyed hash of someone known only by their WeChat openid (a helpline requester), one per
 * key domain: named and anonymous requests use different domains, so the two never match.
 */
export function requesterKeyOf(openid: string, anonymous: boolean): string {
  return lookupHash(anonymous ? 'helplineAnonOwner' : 'helplineOwner', openid);
}

/**
 * Every recipient value (`recipientField`) the caller's inbox holds: their person's entries and
 * those addressed to their openid's keys (named and anonymous helpline requests).
 */
export function inboxRecipients(openid: string, personId: string | undefined): string[] {
  const out = [recipientField({ key: requesterKeyOf(openid, false) }), recipientField({ key: requesterKeyOf(openid, true) })];
  if (personId) out.unshift(recipientField({ personId }));
  return out;
}

/** A subscribe message to attempt along with the in-app entry. */
export interface NotifyPush {
  template: TemplateKey;
  values: Record<string, FieldInput>;
  /** Mini-program page the card opens, e.g. `pages/help/index`. */
  page?: string;
  /** Send to this openid (required for `{ key }` recipients; never stored). */
  openid?: string;
}

export interface NotifyInput {
  to: NotifyRecipient;
  /** Machine kind, `<capability>.<event>`, from the catalogue (contracts/inbox.ts `NOTIFICATION_KINDS`). */
  kind: NotificationKind;
  /** Chinese title shown in the app. */
  title: string;
  /** Chinese text shown in the app (no personal data). */
  body: string;
  /** What the notification is about (ids only). */
  ref?: { kind: string; id: string };
  push?: NotifyPush;
  /**
   * Makes the notification happen at most once: used as the entry's `_id`, so a second call with
   * the same key (a timer run twice, a retried request) finds the entry already there and sends
   * nothing (`duplicate: true`). E.g. `visitDue:<childId>:<dueOn>:<personId>`. Optional.
   */
  dedupeKey?: string;
}

/** `errmsg` of a push not attempted because the person has no recorded credit for its template. */
export const NO_CREDIT = 'not subscribed: no recorded credit';

/** What is recorded about the push on the entry. */
export interface PushRecord {
  status: SubscribeSendResult['status'] | 'skipped';
  errcode: number;
  errmsg: string;
  attempts: number;
  templateId?: string;
  at: Date;
}

/** A stored notification. */
export interface NotificationDoc {
  _id: string;
  to: NotifyRecipient;
  /** `recipientField(to)`: what the inbox queries. */
  recipient: string;
  kind: string;
  title: string;
  body: string;
  ref?: { kind: string; id: string };
  createdAt: Date;
  readAt?: Date | null;
  push?: PushRecord;
}

async function openidsOf(ctx: ActionContext, personId: string): Promise<string[]> {
  const res = await ctx.app.database().collection('identities').where({ personId }).limit(10).get();
  return ((res.data ?? []) as { _id: string }[]).map((d) => d._id);
}

/**
 * Records an in-app notification, then attempts the subscribe message (if `push` is given) and
 * records its result on the entry. Never throws for WeChat failures; throws only when the in-app
 * entry cannot be written (the authoritative part).
 * With `dedupeKey`, a repeated call records and sends nothing and returns `duplicate: true`.
 * @returns the entry id, the push record (undefined without `push` or when duplicate)
 */
export async function notify(ctx: ActionContext, input: NotifyInput): Promise<{ id: string; push?: PushRecord; duplicate?: boolean }> {
  const db = ctx.app.database();
  const doc: Omit<NotificationDoc, '_id'> & { _id?: string } = {
    to: input.to,
    recipient: recipientField(input.to),
    kind: input.kind,
    title: input.title,
    body: input.body,
    createdAt: ctx.now(),
    readAt: null,
  };
  if (input.ref) doc.ref = input.ref;
  let id: string;
  if (input.dedupeKey) {
    // Insert-first: the entry's existence is the "already sent" marker (a duplicate _id fails).
    doc._id = input.dedupeKey;
    try {
      await db.collection(NOTIFICATIONS).add(doc);
    } catch (err) {
      const existing = await db.collection(NOTIFICATIONS).doc(input.dedupeKey).get();
      const data = (existing as { data?: unknown }).data;
      if (Array.isArray(data) ? data.length > 0 : !!data) return { id: input.dedupeKey, duplicate: true };
      throw err;
    }
    id = input.dedupeKey;
  } else {
    const added = (await db.collection(NOTIFICATIONS).add(doc)) as { id?: string };
    id = String(added.id);
  }
  if (!input.push) return { id };
  const push = await attemptPush(ctx, input.to, input.push);
  try {
    await db.collection(NOTIFICATIONS).doc(id).update({ push });
  } catch (err) {
    console.error('[notify] could not record the push result', err);
  }
  return { id, push };
}

async function attemptPush(ctx: ActionContext, to: NotifyRecipient, push: NotifyPush): Promise<PushRecord> {
  const at = ctx.now();
  const db = ctx.app.database();
  let openids: string[] = [];
  try {
    openids = push.openid ? [push.openid] : 'personId' in to ? await openidsOf(ctx, to.personId) : [];
  } catch (err) {
    return { status: 'failed', errcode: -1, errmsg: String((err as Error)?.message ?? err), attempts: 0, at };
  }
  if (!openids.length) return { status: 'skipped', errcode: 0, errmsg: 'no openid', attempts: 0, at };
  const templateIds = parseTemplateIds(process.env.SUBSCRIBE_TEMPLATE_IDS);
  let last: PushRecord | undefined;
  for (const touser of openids) {
    // No send without a recorded credit (the person accepted this template in the mini-program).
    let credit: Awaited<ReturnType<typeof takeCredit>>;
    try {
      credit = await takeCredit(db, touser, push.template);
    } catch (err) {
      last = { status: 'failed', errcode: -1, errmsg: String((err as Error)?.message ?? err), attempts: 0, at };
      continue;
    }
    if (!credit.ok) {
      last ??= { status: 'skipped', errcode: 0, errmsg: NO_CREDIT, attempts: 0, at };
      continue;
    }
    try {
      const r = await sendSubscribeMessage(ctx.app, { touser, template: push.template, values: push.values, page: push.page }, { templateIds });
      last = { status: r.status, errcode: r.errcode, errmsg: r.errmsg, attempts: r.attempts, templateId: r.templateId, at };
      // 43101/43104 "not subscribed": the credit is gone (recorded); anything else did not use it.
      if (r.status !== 'sent' && !NOT_SUBSCRIBED_ERRCODES.has(r.errcode)) await credit.refund();
      await recordSendResult(db, touser, push.template, r.errcode, at);
      if (r.status === 'sent') return last;
    } catch (err) {
      await credit.refund().catch(() => undefined);
      last = { status: 'failed', errcode: -1, errmsg: String((err as Error)?.message ?? err), attempts: 0, at };
    }
  }
  return last!;
}
