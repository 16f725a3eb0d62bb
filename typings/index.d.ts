/// <reference types="miniprogram-api-typings" />

/**
 * Global typings for the mini-program (DevTools TypeScript template shape).
 * Contract types come from `cloudfunctions/_shared/contracts/` with `import type`; they are not
 * redeclared here.
 */

/** What the app keeps in `globalData`: only state several pages read. */
interface IAppGlobalData {
  /** `local` talks to the dev gateway; `cloud` to CloudBase (from `miniprogram/config/env.ts`). */
  mode: 'cloud' | 'local';
  /**
   * Roles the current user is bound to (filled by the accounts work; empty for the public).
   * The custom tab bar shows 工作台 when any staff role is present.
   */
  roles: string[];
  /** Unread entries of 消息 last known (services/inbox.ts); the badge on 我的. */
  unread: number;
  /** When `unread` was last fetched (ms since epoch; 0 = never). */
  unreadAt: number;
}

interface IAppOption {
  globalData: IAppGlobalData;
}
