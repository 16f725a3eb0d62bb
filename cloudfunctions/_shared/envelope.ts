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

/** Another function's answer read as an envelope; anything else becomes a BAD_RESPONSE failure. */
export function asEnvelope(value: unknown): Envelope<unknown> {
  const v = value as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (v && typeof v === 'object') {
    if (v.ok === true) return { ok: true, data: v.data };
    if (v.ok === false && v.error && typeof v.error.code === 'string' && typeof v.error.message === 'string') return { ok: false, error: v.error as ErrorBody };
  }
  return fail('BAD_RESPONSE', undefined, { received: typeof value });
}
