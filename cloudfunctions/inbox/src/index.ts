import { createFunction } from '../../_shared/router';
import { inboxContract } from '../../_shared/contracts/inbox';
import { list, markAllRead, markRead, unreadCount } from './inbox';

/**
 * `inbox`: 消息, every person's in-app notifications (docs/inbox.md).
 * - `list` (newest first, paged, with the unread count), `unreadCount`, `markRead`, `markAllRead`
 */
export const inbox = createFunction(inboxContract, { list, unreadCount, markRead, markAllRead });

export const main = inbox.main;
