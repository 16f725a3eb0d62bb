/**
 * Who may hand out which role, and invitation codes. Pure (no I/O).
 *
 * An issuer may only grant scope it holds itself: a village officer invites parents, entrusted
 * guardians and pairing members of children in their village; township staff additionally
 * village officers of their township's villages; school staff teachers of their school; helpline
 * supervisors agents of their team; the county admin anyone in the county. Revoking a binding
 * follows the same rule.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ISSUERS, type BoundRole } from './roles';
import { scopeCovers, type Binding, type Scope } from './scope';

/** Every role that may issue some invitation. */
export const ISSUING_ROLES: readonly BoundRole[] = Array.from(new Set(Object.values(ISSUERS).flat()));

/**
 * The issuer binding that allows granting `role` with `scope`, if any.
 * @param childRegions for a children scope: the village code of each child, loaded from the files
 */
export function issuingBinding(bindings: Binding[], role: BoundRole, scope: Scope, childRegions: string[] = []): Binding | undefined {
  return bindings.find((b) => {
    if (!ISSUERS[role].includes(b.role)) return false;
    // Helpline teams are county-wide bodies: the county admin may staff any team.
    if (b.role === 'countyAdmin' && scope.kind === 'team') return true;
    return scopeCovers(b.scope, scope, childRegions);
  });
}

/** Invitation code alphabet: 32 symbols, no 0/O or 1/I to misread. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Public part of a code that finds the invitation. */
export const HANDLE_LENGTH = 4;
/** Secret part (32^6 ≈ 1.07e9 values); a code locks after `CODE_LOCK_FAILURES` wrong secrets. */
export const SECRET_LENGTH = 6;

/** Break-glass grant lifetime, ms (3 hours). */
export const BREAK_GLASS_TTL_MS = 3 * 60 * 60 * 1000;

function randomSymbols(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b & 31];
  return s;
}

/** A fresh code: `{ handle, secret, display: 'HHHH-SSSSSS' }`. */
export function newInvitationCode(): { handle: string; secret: string; display: string } {
  const handle = randomSymbols(HANDLE_LENGTH);
  const secret = randomSymbols(SECRET_LENGTH);
  return { handle, secret, display: `${handle}-${secret}` };
}

/**
 * Parses what a user typed or scanned: case-insensitive, spaces and dashes ignored, an optional
 * `shouwang:invite:` prefix from QR codes accepted.
 * @returns handle and secret, or undefined when it cannot be a code
 */
export function parseInvitationCode(text: string): { handle: string; secret: string } | undefined {
  const cleaned = text.trim().replace(/^shouwang:invite:/i, '').toUpperCase().replace(/[\s-]+/g, '');
  if (cleaned.length !== HANDLE_LENGTH + SECRET_LENGTH) return undefined;
  for (const ch of cleaned) if (!CODE_ALPHABET.includes(ch)) return undefined;
  return { handle: cleaned.slice(0, HANDLE_LENGTH), secret: cleaned.slice(HANDLE_LENGTH) };
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A stable id from parts (idempotent creation keyed by a client request id). */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}
