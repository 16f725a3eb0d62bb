import { action, createFunction } from '../../_shared/router';
import { systemContract } from '../../_shared/contracts/system';

const S = systemContract.actions;

/**
 * `system`: proves the path from the mini-program to a function and back.
 * - `ping` → `{ pong: true, now }` (ISO instant from the invocation's clock)
 * - `whoami` → the caller's identity as CloudBase injected it
 */
export const system = createFunction(systemContract, {
  ping: action(S.ping, {
    access: { public: true },
    example: () => ({}),
    handler: async (_input, ctx) => ({ pong: true, now: ctx.now().toISOString() }),
  }),
  whoami: action(S.whoami, {
    access: { public: true },
    example: () => ({}),
    handler: async (_input, ctx) => ({ openid: ctx.identity.openid, appid: ctx.identity.appid, source: ctx.identity.source }),
  }),
});

export const main = system.main;
