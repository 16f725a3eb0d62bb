import tcb from '@cloudbase/node-sdk';

/** Who is calling, as CloudBase injects it per invocation (never from the request body). */
export interface Identity {
  /** WeChat openid of the mini-program user; '' for calls with no WeChat user (timers, admin). */
  openid: string;
  appid: string;
  unionid: string;
  clientIp: string;
  /** TCB_SOURCE, e.g. `wx_client`, `wx_devtools`, `scf` (timer / function-to-function). */
  source: string;
}

/**
 * Reads the caller's identity from the invocation `context` with `tcb.getCloudbaseContext`,
 * which prefers `context.environment` (SCF's per-call JSON) over `process.env`, so concurrent
 * invocations in one process never see each other's identity (reference §4.6 "Correction").
 * @param context the second argument CloudBase passes to `main`
 */
export function readIdentity(context: unknown): Identity {
  const env = tcb.getCloudbaseContext((context ?? {}) as never) as unknown as Record<string, string | undefined>;
  return {
    openid: env.WX_OPENID ?? '',
    appid: env.WX_APPID ?? '',
    unionid: env.WX_UNIONID ?? '',
    clientIp: env.WX_CLIENTIP ?? '',
    source: env.TCB_SOURCE ?? '',
  };
}
