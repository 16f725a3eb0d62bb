/**
 * Stable error codes every cloud function returns in its envelope, with the Chinese message a
 * user sees. Programs compare `code`; people read `message`. Domain modules add their own codes
 * (e.g. census row codes) but reuse these for the common cases.
 */
export const ErrorCodes = {
  /** Input failed its zod schema; `details.issues` names each field. */
  VALIDATION_FAILED: '输入有误',
  /** The router got an action it does not know. */
  UNKNOWN_ACTION: '未知的操作',
  /** No WeChat identity in the invocation context. */
  UNAUTHENTICATED: '未能识别您的身份，请在微信中重新打开小程序',
  /** The caller is identified but not allowed to do this. */
  FORBIDDEN: '您没有权限进行此操作',
  /** The thing asked for does not exist (or is outside the caller's view). */
  NOT_FOUND: '未找到相关记录',
  /** The request contradicts the current state (e.g. already signed, already claimed). */
  CONFLICT: '操作冲突，请刷新后重试',
  /** Too many attempts in a time window. */
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  /** Anything unexpected; details are logged, not returned. */
  INTERNAL: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ErrorCodes | (string & {});

/** A failure a handler throws on purpose; the router turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  /**
   * @param code stable machine code (see ErrorCodes, or a domain code)
   * @param message Chinese text for the user; defaults to the catalogue's text for `code`
   * @param details optional structured data (field paths, ids), never personal data
   */
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? (ErrorCodes as Record<string, string>)[code] ?? ErrorCodes.INTERNAL);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}
