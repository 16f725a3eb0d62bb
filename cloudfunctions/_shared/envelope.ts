import type { Envelope, ErrorBody } from './contracts/envelope';
import { AppError, ErrorCodes } from './errors';

/** Wraps a successful result. */
export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

/** Wraps a failure; `message` defaults to the catalogue's Chinese text for `code`. */
export function fail(code: string, message?: string, details?: Record<string, unknown>): Envelope<never> {
  const body: ErrorBody = { code, message: message ?? (ErrorCodes as Record<string, string>)[code] ?? ErrorCodes.INTERNAL };
  if (details) body.details = details;
  return { ok: false, error: body };
}

/** Turns anything thrown into a failure envelope; unknown errors become INTERNAL without leaking internals. */
export function failFromError(err: unknown): Envelope<never> {
  if (err instanceof AppError) return fail(err.code, err.message, err.details);
  return fail('INTERNAL');
}
