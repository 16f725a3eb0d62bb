/**
 * Contracts between the parts of the local CloudBase stand-in. The server (HTTP, database,
 * storage, clock, admin) and the function invoker are built separately and meet here.
 */
import type { LocalClockState } from '../../cloudfunctions/_shared/clock';

/** The stand-in's clock (DESIGN.md "One clock"). */
export interface StandinClock {
  /** Current instant by this clock. */
  now(): Date;
  /** State passed to each invocation as `context.localClock`. */
  state(): LocalClockState;
  /** Freeze time at an instant. */
  set(at: Date): void;
  /** Let time run, shifted by `ms` from the machine clock. */
  offset(ms: number): void;
  /** Back to the machine clock. */
  reset(): void;
  /** Called after every change (the timer scheduler listens). */
  onChange(listener: () => void): () => void;
}

/** The WeChat identity CloudBase injects into one invocation. */
export interface InvocationIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  /** TCB_SOURCE: `wx_client` from the mini-program, `scf` from another function or a timer. */
  source?: string;
}

export interface InvokeRequest {
  /** Function name, e.g. `system`. */
  name: string;
  /** The event `main` receives. */
  event: unknown;
  identity?: InvocationIdentity;
}

/** Either the function's return value, or a platform error in CloudBase's words. */
export type InvokeResult =
  | { ok: true; result: unknown; durationMs: number }
  | { ok: false; code: string; message: string; durationMs: number };

/** Runs deployed (built) functions; the server hands `functions.invokeFunction` to it. */
export interface FunctionInvoker {
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  /** Names of the functions it can run. */
  list(): string[];
  close(): Promise<void>;
}

/** Handles open-API calls (`wx.api`); the WeChat stand-in plugs in here when it exists. */
export type WxApiHandler = (body: Record<string, unknown>) => Promise<unknown>;
