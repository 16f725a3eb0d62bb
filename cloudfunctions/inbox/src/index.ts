import { createFunction } from '../../_shared/router';
import { inboxContract } from '../../_shared/contracts/inbox';
import { list, markAllRead, markRead, unreadCount } from './inbox';
import { recordSubscriptions, subscriptionSettings } from './subscriptions';

/**
 * `inbox`: 消息, every person's in-app notifications (docs/inbox.md).
 * - `list` (newest first, paged, with the unread count), `unreadCount`, `markRead`, `markAllRead`
 * - 微信提醒: `subscriptionSettings`, `recordSubscriptions` (the credits `notify()` sends against)
 */
export const inbox = createFunction(inboxContract, { list, unreadCount, markRead, markAllRead, subscriptionSettings, recordSubscriptions });

export const main = inbox.main;
