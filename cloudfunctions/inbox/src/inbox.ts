/**
 * 消息: the caller's notifications (`_shared/notify.ts` writes them; this reads them). A caller
 * sees the entries addressed to their person and those addressed to their openid's keyed hashes
 * (helpline replies to a requester who has no person), and nobody else's: every query and
 * update is filtered by `recipient ∈ inboxRecipients(openid, personId)`, never by an id alone.
 */
import { action } from '../../_shared/router';
import { resolveActor } from '../../_shared/access';
import { dbOf } from '../../_shared/db';
import { inboxRecipients, NOTIFICATIONS, type NotificationDoc } from '../../_shared/notify';
import { inboxContract, NOTIFICATION_KINDS, notificationPage, type InboxItem, type NotificationKindInfo } from '../../_shared/contracts/inbox';
import type { ActionContext, Db } from '../../_shared/context';

const A = inboxContract.actions;

/** The recipient values of the caller's inbox. */
async function mine(ctx: ActionContext): Promise<string[]> {
  const actor = await resolveActor(ctx);
  return inboxRecipients(actor.openid, actor.personId);
}

async function unreadOf(db: Db, recipients: string[]): Promise<number> {
  const _ = db.command;
  const res = await db.collection(NOTIFICATIONS).where({ recipient: _.in(recipients), readAt: null }).count();
  return res.total ?? 0;
}

/** An entry as its recipient sees it (never the push record). */
export function inboxItem(n: NotificationDoc): InboxItem {
  const target = notificationPage(n.kind, n.ref?.id);
  return {
    id: n._id,
    kind: n.kind,
    category: (NOTIFICATION_KINDS as Record<string, NotificationKindInfo>)[n.kind]?.category ?? '通知',
    title: n.title,
    body: n.body,
    createdAt: n.createdAt,
    readAt: n.readAt ?? null,
    page: target?.url ?? null,
    tab: target?.tab ?? false,
    ref: n.ref ?? null,
  };
}

/** `<createdAt ms>_<id>` of the last entry of a page. */
function cursorOf(n: NotificationDoc): string {
  return `${new Date(n.createdAt).getTime()}_${n._id}`;
}

export const list = action(A.list, {
  access: { roles: ['public'] },
  example: () => ({ limit: 20 }),
  /**
   * The caller's entries, newest first (ties by id, descending), `limit` at a time; `before`
   * continues after the last entry of the previous page. `unreadOnly` keeps unread ones.
   * @returns `{ items, next, unread }`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const recipients = await mine(ctx);
    const conds: object[] = [{ recipient: _.in(recipients) }];
    if (input.unreadOnly) conds.push({ readAt: null });
    if (input.before) {
      const sep = input.before.indexOf('_');
      const at = new Date(Number(input.before.slice(0, sep)));
      const id = input.before.slice(sep + 1);
      conds.push(_.or([{ createdAt: _.lt(at) }, { createdAt: at, _id: _.lt(id) }]));
    }
    const res = await db
      .collection(NOTIFICATIONS)
      .where(conds.length === 1 ? conds[0] : _.and(conds))
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(input.limit + 1)
      .get();
    const rows = (res.data ?? []) as NotificationDoc[];
    const page = rows.slice(0, input.limit);
    return {
      items: page.map(inboxItem),
      next: rows.length > input.limit ? cursorOf(page[page.length - 1]) : null,
      unread: await unreadOf(db, recipients),
    };
  },
});

export const unreadCount = action(A.unreadCount, {
  access: { roles: ['public'] },
  example: () => ({}),
  /** @returns `{ unread }`: the caller's unread entries */
  handler: async (_input, ctx) => ({ unread: await unreadOf(dbOf(ctx), await mine(ctx)) }),
});

export const markRead = action(A.markRead, {
  access: { roles: ['public'] },
  example: () => ({ ids: ['n-example'] }),
  /**
   * Marks the caller's entries among `ids` read (ids of someone else's entries change nothing).
   * Marking an entry again keeps its first read time.
   * @returns `{ updated, unread }`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const recipients = await mine(ctx);
    const res = (await db
      .collection(NOTIFICATIONS)
      .where({ _id: _.in([...new Set(input.ids)]), recipient: _.in(recipients), readAt: null })
      .update({ readAt: ctx.now() })) as { updated?: number };
    return { updated: res.updated ?? 0, unread: await unreadOf(db, recipients) };
  },
});

export const markAllRead = action(A.markAllRead, {
  access: { roles: ['public'] },
  example: () => ({}),
  /** Marks every unread entry of the caller read. @returns `{ updated, unread: 0 }` */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const res = (await db
      .collection(NOTIFICATIONS)
      .where({ recipient: _.in(await mine(ctx)), readAt: null })
      .update({ readAt: ctx.now() })) as { updated?: number };
    return { updated: res.updated ?? 0, unread: 0 as const };
  },
});
