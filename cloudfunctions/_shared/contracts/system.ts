/**
 * `system`: the path from the mini-program to a function and back (health check, identity).
 */
import { z } from 'zod';
import { defineContract, returns } from './define';

/** `system.ping`. */
export interface Pong {
  pong: true;
  /** ISO instant from the invocation's clock. */
  now: string;
}

/** `system.whoami`: the caller's identity as CloudBase injected it. */
export interface WhoAmI {
  openid: string;
  appid?: string;
  source?: string;
}

export const systemContract = defineContract('system', () => ({
  ping: { summary: '连通性检查：返回服务器当前时间', input: () => z.object({}).strict(), output: returns<Pong>() },
  whoami: { summary: '返回调用者的微信身份（来自调用上下文）', input: () => z.object({}).strict(), output: returns<WhoAmI>() },
}));
