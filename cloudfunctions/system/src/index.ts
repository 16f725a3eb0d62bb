import { z } from 'zod';
import { action, createFunction } from '../../_shared/router';

/**
 * `system`: proves the path from the mini-program to a function and back.
 * - `ping` → `{ pong: true, now }` (ISO instant from the invocation's clock)
 * - `whoami` → the caller's identity as CloudBase injected it
 */
export const system = createFunction('system', {
  ping: action({
    summary: '连通性检查：返回服务器当前时间',
    input: z.object({}).strict(),
    access: { public: true },
    example: () => ({}),
    handler: async (_input, ctx) => ({ pong: true, now: ctx.now().toISOString() }),
  }),
  whoami: action({
    summary: '返回调用者的微信身份（来自调用上下文）',
    input: z.object({}).strict(),
    access: { public: true },
    example: () => ({}),
    handler: async (_input, ctx) => ({ openid: ctx.identity.openid, appid: ctx.identity.appid, source: ctx.identity.source }),
  }),
});

export const main = system.main;
