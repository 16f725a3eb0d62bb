/**
 * Errors the stand-in reports in CloudBase's words. Every failure of a wire action leaves the
 * server as HTTP 200 with `{ code, message, requestId }` (reference §4.7), which node-sdk turns
 * into a thrown `TcbError` carrying the same `code`. Messages are Chinese for people; programs
 * compare `code`. The full table is in docs/standin.md.
 */

/** The CloudBase error codes the stand-in returns, with the default message for each. */
export const StandinCodes = {
  /** The collection does not exist (collections are created explicitly, as on CloudBase). */
  DATABASE_COLLECTION_NOT_EXIST: '[ResourceNotFound] 集合不存在',
  /** `createCollection` on a name that already exists. */
  DATABASE_COLLECTION_ALREADY_EXIST: '[ResourceUnavailable.ResourceExist] 集合已存在',
  /** An insert (or upsert) would duplicate an `_id`. */
  DATABASE_DUPLICATE_WRITE: '[DuplicateWrite] 写入失败，_id 重复',
  /** Write-write conflict with another open transaction (node-sdk's runTransaction retries). */
  DATABASE_TRANSACTION_CONFLICT: '[ResourceUnavailable.TransactionConflict] 事务冲突：该文档正被另一个事务修改，请重试',
  /** The transaction does not exist, was aborted (conflict, idle timeout) or already ended. */
  DATABASE_TRANSACTION_FAIL: '[ResourceUnavailable.TransactionNotExist] 事务不存在或已结束（空闲超时、冲突或已提交）',
  /** The query, update or pipeline could not be executed. */
  DATABASE_REQUEST_FAILED: '[FailedOperation] 数据库请求失败',
  /** A query no declared index serves (the stand-in's index check, SHOUWANG_INDEX_CHECK=fail). */
  INDEX_MISSING: '[IndexCheck] 没有声明的索引可服务此查询',
  /** A client-side (mini-program) read or write the collection's security rule refuses. */
  DATABASE_PERMISSION_DENIED: '[PermissionDenied] 没有权限',
  /** A request parameter is missing or malformed. */
  INVALID_PARAM: '[InvalidParameter] 请求参数错误',
  /** The `action` is not one the stand-in implements. */
  INVALID_ACTION: '[InvalidAction] 不支持的接口',
  /** The storage file does not exist. */
  STORAGE_FILE_NONEXIST: '[ResourceNotFound] 文件不存在',
  /** A client upload, read or delete the storage rules refuse, or an overwrite/delete of a write-once file. */
  STORAGE_EXCEED_AUTHORITY: '[PermissionDenied] 没有权限操作该文件',
  /** A cloud function is called but no invoker is plugged in (or the invoker does not know it). */
  FUNCTION_NOT_FOUND: '[ResourceNotFound.Function] 未找到指定的云函数',
  /** The invoker itself failed unexpectedly (its own errors pass through with their codes). */
  FUNCTION_INVOCATION_FAILED: '[FailedOperation] 云函数执行失败',
  /** Anything unexpected inside the stand-in. */
  SYS_ERR: '[InternalError] 系统内部错误',
} as const;

export type StandinCode = keyof typeof StandinCodes;

/** A failure the stand-in reports to the SDK as `{ code, message, requestId }`. */
export class StandinError extends Error {
  readonly code: string;

  /**
   * @param code CloudBase error code (see {@link StandinCodes}; invoker codes pass through)
   * @param detail optional Chinese detail appended to the catalogue message
   */
  constructor(code: StandinCode | (string & {}), detail?: string) {
    const base = (StandinCodes as Record<string, string>)[code] ?? code;
    super(detail ? `${base}：${detail}` : base);
    this.name = 'StandinError';
    this.code = code;
  }
}

/** Shorthand for a missing collection error naming the collection. */
export function collectionNotExist(name: string): StandinError {
  return new StandinError('DATABASE_COLLECTION_NOT_EXIST', name);
}
