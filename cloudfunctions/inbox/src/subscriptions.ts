/**
 * 微信提醒: which subscribe templates a person can receive (their roles'), what they answered in
 * `wx.requestSubscribeMessage`, and the credits that answer gave (_shared/subscriptions.ts). The
 * mini-program asks at the moments a person would agree (SUBSCRIBE_MOMENTS) and records the
 * answer here; `notify()` sends only against a recorded credit.
 */
import { action } from '../../_shared/router';
import { resolveActor } from '../../_shared/access';
import { dbOf, fetchAll, insertOnce } from '../../_shared/db';
import { SUBSCRIPTIONS, longTermTemplates, subscriberKey, subscriptionId, type SubscriptionDoc } from '../../_shared/subscriptions';
import { SUBSCRIBE_TEMPLATES, parseTemplateIds, resolveTemplateId, type TemplateKey } from '../../_shared/wechat/templates';
import {
  NOTIFICATION_KINDS,
  SUBSCRIBE_MAX_PER_ASK,
  SUBSCRIBE_MOMENTS,
  SUBSCRIPTION_STATUS_LABELS,
  TEMPLATES_BY_ROLE,
  inboxContract,
  type NotificationKindInfo,
  type SubscribeMoment,
  type SubscriptionSetting,
  type SubscriptionSettings,
} from '../../_shared/contracts/inbox';
import type { Actor } from '../../_shared/access';
import type { ActionContext } from '../../_shared/context';

const A = inboxContract.actions;

/** Templates a person can receive: those of every role they hold, and the public's. */
export function templatesFor(actor: Pick<Actor, 'bindings'>): TemplateKey[] {
  const out: TemplateKey[] = [...TEMPLATES_BY_ROLE.public];
  for (const b of actor.bindings) for (const t of TEMPLATES_BY_ROLE[b.role] ?? []) if (!out.includes(t)) out.push(t);
  // Catalogue order: the settings page lists them the same way every time.
  const order = Object.keys(SUBSCRIBE_TEMPLATES);
  return out.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** What a template tells a person: the "when" of the kinds that echo in it. */
function purposeOf(template: TemplateKey): string {
  const whens = Object.values(NOTIFICATION_KINDS as Record<string, NotificationKindInfo>)
    .filter((k) => k.template === template)
    .map((k) => k.when);
  return [...new Set(whens)].join('；');
}

/** A person can usefully be asked for a template that has no credit left (and was not banned). */
function worthAsking(sub: SubscriptionDoc | undefined): boolean {
  if (!sub) return true;
  if (sub.status === 'banned') return false;
  if (sub.status === 'accepted') return !sub.longTerm && sub.credits <= 0;
  return true;
}

async function settings(ctx: ActionContext, moment: SubscribeMoment): Promise<SubscriptionSettings> {
  const db = dbOf(ctx);
  const _ = db.command;
  const actor = await resolveActor(ctx);
  const mine = templatesFor(actor);
  const ids = mine.map((t) => subscriptionId(actor.openid, t));
  const docs = await fetchAll<SubscriptionDoc>(db.collection(SUBSCRIPTIONS).where({ _id: _.in(ids) }), 100);
  const byTemplate = new Map(docs.map((d) => [d.template, d]));
  const templateIds = parseTemplateIds(process.env.SUBSCRIBE_TEMPLATE_IDS);
  const templates: SubscriptionSetting[] = mine.map((t) => {
    const d = byTemplate.get(t);
    const state = d ? (d.status === 'accepted' && !d.longTerm && d.credits <= 0 ? 'notSubscribed' : d.status) : 'never';
    return {
      template: t,
      title: SUBSCRIBE_TEMPLATES[t].title,
      purpose: purposeOf(t),
      templateId: resolveTemplateId(t, templateIds),
      state,
      stateLabel: state === 'accepted' && d && !d.longTerm ? `已开启（还可收${d.credits}条）` : SUBSCRIPTION_STATUS_LABELS[state],
      credits: d?.longTerm ? null : (d?.credits ?? 0),
      answeredAt: d?.answeredAt ?? null,
    };
  });
  const preferred = SUBSCRIBE_MOMENTS[moment].templates as readonly TemplateKey[];
  const candidates = [...preferred.filter((t) => mine.includes(t)), ...(moment === 'settings' || moment === 'staffRole' ? mine.filter((t) => !preferred.includes(t)) : [])];
  const ask = candidates.filter((t) => worthAsking(byTemplate.get(t))).slice(0, SUBSCRIBE_MAX_PER_ASK);
  return { templates, ask };
}

export const subscriptionSettings = action(A.subscriptionSettings, {
  access: { roles: ['public'] },
  example: () => ({ moment: 'settings' }),
  /**
   * The caller's reminders (templates of their roles, catalogue order) with their state and
   * credits, and for `moment` the templates worth asking now (at most three: the moment's own
   * first; none already accepted with credit left, none WeChat has banned).
   */
  handler: async (input, ctx) => settings(ctx, input.moment),
});

export const recordSubscriptions = action(A.recordSubscriptions, {
  access: { roles: ['public'] },
  example: () => ({ moment: 'help', results: [{ template: 'helplineReply', answer: 'accept' }] }),
  /**
   * Records the person's answers: `accept` (or `acceptWithAudio`) adds one credit to a one-time
   * template (a long-term one — `SUBSCRIBE_LONG_TERM` — becomes allowed until refused);
   * `reject` keeps earlier credits (WeChat does too) and says so on the settings page; `ban`
   * (WeChat stopped the template) drops them; `filter` (WeChat hid a duplicate title) changes
   * nothing. The WeChat user is stored as a keyed hash only.
   * @returns the settings after the answers, as `subscriptionSettings` gives them
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const actor = await resolveActor(ctx);
    const now = ctx.now();
    const longTerm = longTermTemplates();
    for (const r of input.results) {
      if (r.answer === 'filter') continue;
      const id = subscriptionId(actor.openid, r.template);
      const accepted = r.answer === 'accept' || r.answer === 'acceptWithAudio';
      const fields: Record<string, unknown> = { status: accepted ? 'accepted' : r.answer === 'ban' ? 'banned' : 'rejected', answeredAt: now, longTerm: longTerm.has(r.template) };
      if (actor.personId) fields.personId = actor.personId;
      if (r.answer === 'ban') fields.credits = 0;
      const fresh: SubscriptionDoc = {
        _id: id,
        subscriber: subscriberKey(actor.openid),
        template: r.template,
        credits: accepted ? 1 : 0,
        ...(fields as Pick<SubscriptionDoc, 'status' | 'answeredAt' | 'longTerm'>),
      };
      // Already recorded: update in place (an accept adds one credit to what is left).
      if (!(await insertOnce(db, SUBSCRIPTIONS, fresh))) await db.collection(SUBSCRIPTIONS).doc(id).update(accepted ? { ...fields, credits: _.inc(1) } : fields);
    }
    return settings(ctx, input.moment);
  },
});
