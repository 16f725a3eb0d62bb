/**
 * The stored form of a sensitive value (types only, so contracts and the mini-program can name it
 * without the crypto code in sealed.ts).
 */
import type { FieldKey } from './masking';

/** A sensitive value at rest: `{ f, c, h?, m }` (see sealed.ts). */
export interface SealedValue {
  /** Field key in the masking table, e.g. `guardian.phone`. */
  f: FieldKey;
  /** Ciphertext token (`enc:v1:…`). */
  c: string;
  /** HMAC lookup hash (ID numbers, phones); search with `lookupKeyFor(field, value)`. */
  h?: string;
  /** Masked form, e.g. `138****5678`. */
  m: string;
}
