import tcb from '@cloudbase/node-sdk';

type CloudApp = ReturnType<typeof tcb.init>;
let app: CloudApp | undefined;

/**
 * The node-sdk app for the current environment, created once per function instance.
 * Where CloudBase lives comes from the runtime, not from code: on CloudBase the SCF environment;
 * locally the stand-in's invoker sets `TCB_CONTEXT_CNFG` (its URL) and credentials the same way.
 */
export function cloud(): CloudApp {
  if (!app) app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return app;
}

export type { CloudApp };
