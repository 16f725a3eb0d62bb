/**
 * The uniform result of every cloud-function action (DESIGN.md "One function per domain").
 * Shared with the mini-program through `import type` only.
 */
export interface ErrorBody {
  /** Stable machine code, e.g. VALIDATION_FAILED, FORBIDDEN. */
  code: string;
  /** Simplified Chinese, shown to the user as is. */
  message: string;
  /** Optional structure, e.g. `{ issues: [{ path: 'name', message: '必填' }] }`. */
  details?: Record<string, unknown>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** What the mini-program sends as the `data` of `wx.cloud.callFunction`. */
export interface FunctionEvent<I = unknown> {
  action: string;
  data?: I;
}
