/** A client request id for idempotent creation: a retried call with the same id never records twice. */
export function requestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}
