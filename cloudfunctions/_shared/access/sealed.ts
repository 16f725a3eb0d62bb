/**
 * Sensitive values at rest and in responses.
 *
 * A stored sensitive value is a `SealedValue`: `{ f, c, h?, m }` — the field key (which row of
 * the masking table applies), the AES-256-GCM ciphertext (field key as AAD), the keyed lookup
 * hash (ID numbers and phones, for search and dedupe), and the masked form (so list responses need
 * no decryption). No plaintext is ever stored.
 *
 * Responses go through `present*`, which applies the caller's role column of the masking table.
 */
import { decryptText, encryptText, isCiphertext, lookupHash, normaliseIdNumber, normalisePhone } from '../crypto';
import { MASKING, maskAs, maskName, visibility, type FieldKey } from './masking';
import type { RoleName } from './roles';
import type { SealedValue } from './sealed-value';

export type { SealedValue };

function normalise(field: FieldKey, value: string): string {
  const type = MASKING[field].type;
  if (type === 'idNumber') return normaliseIdNumber(value);
  if (type === 'phone') return normalisePhone(value);
  return value.trim();
}

/**
 * Encrypts a sensitive value for storage.
 * @param field masking-table key (decides normalisation, masking and lookup)
 * @param value plaintext as entered
 */
export function seal(field: FieldKey, value: string): SealedValue {
  const type = MASKING[field].type;
  const v = normalise(field, value);
  const out: SealedValue = { f: field, c: encryptText(v, field), m: maskAs(type, v) };
  if (type === 'idNumber' || type === 'phone') out.h = lookupHash(type, v);
  return out;
}

/**
 * The lookup hash to search stored `SealedValue.h` with (e.g. `where({ 'idNumber.h': key })`).
 * Fields of the same type share hashes, so a phone matches across `guardian.phone` and `person.phone`.
 */
export function lookupKeyFor(field: FieldKey, value: string): string {
  const type = MASKING[field].type;
  return lookupHash(type, normalise(field, value));
}

/** True when `x` has the shape of a SealedValue. */
export function isSealed(x: unknown): x is SealedValue {
  const o = x as SealedValue | null;
  return !!o && typeof o === 'object' && typeof o.f === 'string' && isCiphertext(o.c) && typeof o.m === 'string';
}

/**
 * Decrypts a SealedValue. Callers must have checked the masking table (or be the value's owner)
 * and audited the read; prefer `presentSealed`.
 */
export function unseal(v: SealedValue): string {
  return decryptText(v.c, v.f);
}

/**
 * What `role` gets for a stored value: the plaintext (`full`), the masked form (`reveal`,
 * `masked`), or undefined (`hidden`).
 */
export function presentSealed(v: SealedValue | undefined | null, role: RoleName): string | undefined {
  if (!v) return undefined;
  const vis = visibility(v.f, role);
  if (vis === 'hidden') return undefined;
  if (vis === 'full') return unseal(v);
  return v.m;
}

/** What `role` gets for a plain (unencrypted) value such as a name, per the masking table. */
export function presentPlain(field: FieldKey, value: string | undefined | null, role: RoleName): string | undefined {
  if (value === undefined || value === null) return undefined;
  const vis = visibility(field, role);
  if (vis === 'hidden') return undefined;
  if (vis === 'full') return value;
  return MASKING[field].type === 'name' ? maskName(value) : maskAs(MASKING[field].type, value);
}

/**
 * Applies the masking table to a whole document for `role`:
 * - every SealedValue anywhere in it becomes its presented string (or disappears when hidden);
 * - plain fields named in `plainFields` (dotted paths; `*` matches any array index or key) are
 *   presented with their field key, e.g. `{ name: 'child.name', 'guardians.*.name': 'guardian.name' }`.
 * The input is not modified.
 * @returns a copy fit to send to a caller holding `role`
 */
export function presentDoc<T>(doc: T, role: RoleName, plainFields: Record<string, FieldKey> = {}): unknown {
  const patterns = Object.entries(plainFields).map(([p, f]) => ({ parts: p.split('.'), f }));
  const walk = (value: unknown, path: string[]): unknown => {
    if (isSealed(value)) return presentSealed(value, role);
    if (value instanceof Date || value === null || typeof value !== 'object') {
      if (typeof value === 'string') {
        const hit = patterns.find((p) => p.parts.length === path.length && p.parts.every((s, i) => s === '*' || s === path[i]));
        if (hit) return presentPlain(hit.f, value, role);
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const shown = walk(v, [...path, k]);
      if (shown !== undefined) out[k] = shown;
    }
    return out;
  };
  return walk(doc, []);
}

/**
 * Reads the value at a dotted path (`guardians.0.phone`) of a document.
 * @returns undefined when any step is missing
 */
export function valueAtPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
