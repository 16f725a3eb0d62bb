/**
 * Logs a caught error from work that goes on without it (a timer piece, an event delivery).
 * A platform answer — a TcbError carrying a string `code` such as FUNCTION_NOT_FOUND — is one
 * line, because its stack is only the bundled SDK's frames; anything else is a bug and keeps its
 * stack. Output goes to the function's log (CloudBase: 云函数日志).
 */
export function logCaught(label: string, err: unknown): void {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') console.error(`${label} ${code}: ${(err as Error)?.message ?? String(err)}`);
  else console.error(label, err);
}
