/**
 * Subscription credits as we record them (shared/domain/notifications.md; reference §6.2): a
 * subscribe message may be sent only after the person accepted its template in
 * `wx.requestSubscribeMessage` — one message per accept for one-time templates, any number once
 * accepted for long-term ones. The mini-program records each answer (`inbox.recordSubscriptions`);
 * `notify()` reads the credit before sending and uses it up; WeChat's 43101 / 43104 ("not
 * subscribed") set it to nothing, so the next send is not even tried. Never retried in a loop.
 *
 * One document per (WeChat user, template) in `subscriptions`, `_id` =
 * `sub_<keyed hash of the openid>_<template>`: no plaintext openid at rest (a helpline requester
 * may have no person), found again from the openid a push goes to.
 */
import { lookupHash } from './crypto';
import { getDoc, type Db } from './db';
import type { TemplateKey } from './wechat/templates';

/** Collection of recorded subscription answers and credits (listed in collections.ts). */
export const SUBSCRIPTIONS = 'subscriptions';

/** The person's last answer, or what WeChat said when a send found no credit. */
export type SubscriptionStatus = 'accepted' | 'rejected' | 'banned' | 'notSubscribed';

/** A recorded subscription. */
export interface SubscriptionDoc {
  _id: string;
  /** Keyed hash of the openid (`subscriberKey`). */
  subscriber: string;
  /** The person, when the openid is bound to one (for the settings page; may be absent). */
  personId?: string;
  template: TemplateKey;
  status: SubscriptionStatus;
  /** One-time messages still allowed (each accept adds one; each sent message uses one). */
  credits: number;
  /** Long-term template accepted: no count, allowed until turned off or refused by WeChat. */
  longTerm: boolean;
  answeredAt: Date;
  lastSentAt?: Date;
  /** WeChat's errcode of the last refused send (43101, 43104, …). */
  lastErrcode?: number;
  lastErrorAt?: Date;
}

/** WeChat errcodes that mean "this user is not subscribed (any more)": recorded, never retried. */
export const NOT_SUBSCRIBED_ERRCODES: ReadonlySet<number> = new Set([43101, 43104]);

/** The keyed hash that stands for a WeChat user in `subscriptions`. */
export function subscriberKey(openid: string): string {
  return lookupHash('subscriber', openid);
}

/** The document id of (openid, template). */
export function subscriptionId(openid: string, template: TemplateKey): string {
  return `sub_${subscriberKey(openid).slice(0, 40)}_${template}`;
}

/**
 * Long-term templates of this deployment: keys listed in `SUBSCRIBE_LONG_TERM` (comma
 * separated), because only the mini-program's admin console knows which templates were granted
 * as 长期订阅 (government-service categories only). Default: none (every template one-time).
 */
export function longTermTemplates(env: Record<string, string | undefined> = process.env): Set<string> {
  return new Set((env.SUBSCRIBE_LONG_TERM ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

/** The recorded subscription of (openid, template), if any. */
export function readSubscription(db: Db, openid: string, template: TemplateKey): Promise<SubscriptionDoc | undefined> {
  return getDoc<SubscriptionDoc>(db, SUBSCRIPTIONS, subscriptionId(openid, template));
}

/**
 * Takes one credit for a send: long-term accepted → yes (nothing counted); one-time → a
 * conditional decrement (two sends at once cannot share one credit).
 * @returns whether a message may be sent, and how to give the credit back if WeChat does not deliver
 */
export async function takeCredit(db: Db, openid: string, template: TemplateKey): Promise<{ ok: boolean; refund: () => Promise<void> }> {
  const none = { ok: false, refund: async () => undefined };
  const sub = await readSubscription(db, openid, template);
  if (!sub || sub.status === 'banned' || sub.status === 'notSubscribed') return none;
  if (sub.longTerm && sub.status === 'accepted') return { ok: true, refund: async () => undefined };
  if (!(sub.credits > 0)) return none;
  const _ = db.command;
  const res = (await db.collection(SUBSCRIPTIONS).where({ _id: sub._id, credits: _.gt(0) }).update({ credits: _.inc(-1) })) as { updated?: number };
  if (!res.updated) return none;
  return { ok: true, refund: async () => void (await db.collection(SUBSCRIPTIONS).doc(sub._id).update({ credits: _.inc(1) })) };
}

/** After a send: success stamps it; 43101/43104 record "not subscribed" (credits gone). */
export async function recordSendResult(db: Db, openid: string, template: TemplateKey, errcode: number, at: Date): Promise<void> {
  const id = subscriptionId(openid, template);
  if (errcode === 0) {
    await db.collection(SUBSCRIPTIONS).doc(id).update({ lastSentAt: at });
    return;
  }
  if (NOT_SUBSCRIBED_ERRCODES.has(errcode)) {
    await db.collection(SUBSCRIPTIONS).doc(id).update({ status: 'notSubscribed', credits: 0, lastErrcode: errcode, lastErrorAt: at });
    return;
  }
  await db.collection(SUBSCRIPTIONS).doc(id).update({ lastErrcode: errcode, lastErrorAt: at });
}
