/**
 * Field-level encryption and keyed lookup hashes for sensitive personal data (DESIGN.md "Rules
 * every module follows": ID numbers and phone numbers are encrypted at rest and looked up by
 * keyed hash; PIPL art. 51, Provisions on the Protection of Children's Personal Information
 * Online art. 20).
 *
 * - Encryption: AES-256-GCM, a fresh random 96-bit IV per value, the key id stored with the
 *   ciphertext (so keys can rotate), optional additional authenticated data (the field key, so a
 *   ciphertext cannot be moved to another field). Token format (ASCII, no personal data):
 *   `enc:v1:<keyId>:<iv b64url>:<ciphertext b64url>:<tag b64url>`.
 * - Lookup: HMAC-SHA256 with a key derived (HKDF) from the current data key, over
 *   `<kind>\n<normalised value>`, hex. Equal values of one kind give equal hashes; without the
 *   key a hash reveals nothing (ID numbers and phones have too little entropy for a plain hash).
 * - Keys: env `SHOUWANG_DATA_KEY` = base64 of exactly 32 random bytes (the current key);
 *   optional `SHOUWANG_DATA_KEY_PREVIOUS` = comma-separated older keys, still accepted for
 *   decryption during a rotation. Every function refuses to run without a valid key
 *   (see `assertDataKeyConfigured`); locally `local/keys.ts` creates one once per data folder and
 *   the invoker passes it to function workers through the environment.
 *
 * Rotation note: lookup hashes are derived from the *current* key, so rotating the key requires
 * re-hashing stored lookup fields (re-key job) before searches by the new hash find old rows.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Environment variable holding the current data key (base64, 32 bytes). */
export const DATA_KEY_ENV = 'SHOUWANG_DATA_KEY';
/** Environment variable holding older keys (comma-separated base64), for decryption only. */
export const PREVIOUS_KEYS_ENV = 'SHOUWANG_DATA_KEY_PREVIOUS';
/** Prefix of every ciphertext token; a stored string starting with it is encrypted. */
export const CIPHERTEXT_PREFIX = 'enc:v1:';

/** Raised when the key is missing or malformed; the function must not run. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
  lookupKey: Buffer;
}

/**
 * Decodes a base64 (or base64url) key and checks it is 32 bytes.
 * @throws DataKeyError naming the variable when it is not
 */
export function parseDataKey(text: string, name = DATA_KEY_ENV): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new DataKeyError(`${name} is not base64`);
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new DataKeyError(`${name} must be base64 of 32 bytes (got ${key.length})`);
  return key;
}

/** Short public identifier of a key: first 8 hex digits of SHA-256(key). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Builds the keyring from an environment (default `process.env`).
 * @throws DataKeyError when `SHOUWANG_DATA_KEY` is missing or malformed
 */
export function keyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring {
  const current = env[DATA_KEY_ENV];
  if (!current) throw new DataKeyError(`${DATA_KEY_ENV} is not set: refusing to process personal data without an encryption key`);
  const key = parseDataKey(current);
  const keys = new Map<string, Buffer>([[keyIdOf(key), key]]);
  for (const old of (env[PREVIOUS_KEYS_ENV] ?? '').split(',').filter((s) => s.trim())) {
    const k = parseDataKey(old, PREVIOUS_KEYS_ENV);
    keys.set(keyIdOf(k), k);
  }
  const lookupKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'shouwang/lookup/v1', 32));
  return { currentId: keyIdOf(key), keys, lookupKey };
}

let cached: { source: string; ring: Keyring } | undefined;

function keyring(): Keyring {
  const source = `${process.env[DATA_KEY_ENV] ?? ''}|${process.env[PREVIOUS_KEYS_ENV] ?? ''}`;
  if (!cached || cached.source !== source) cached = { source, ring: keyringFromEnv() };
  return cached.ring;
}

/**
 * Checks that a valid data key is configured; the router calls it before every invocation so a
 * function without a key fails fast instead of storing plaintext.
 * @throws DataKeyError when missing or malformed
 */
export function assertDataKeyConfigured(): void {
  keyring();
}

/** A new random key, base64 (what `SHOUWANG_DATA_KEY` holds). */
export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}

/**
 * Encrypts a string with the current key.
 * @param plain UTF-8 text
 * @param aad optional additional authenticated data (e.g. the field key); must match on decrypt
 * @returns `enc:v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts)
 */
export function encryptText(plain: string, aad?: string): string {
  const ring = keyring();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.currentId)!, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${CIPHERTEXT_PREFIX}${ring.currentId}:${iv.toString('base64url')}:${ct.toString('base64url')}:${tag.toString('base64url')}`;
}

/**
 * Decrypts a token made by `encryptText` (with the current or a previous key).
 * @throws Error when the token is malformed, the key id unknown, or authentication fails
 */
export function decryptText(token: string, aad?: string): string {
  if (!isCiphertext(token)) throw new Error('not a ciphertext token');
  const [kid, ivB, ctB, tagB] = token.slice(CIPHERTEXT_PREFIX.length).split(':');
  const key = keyring().keys.get(kid);
  if (!key) throw new Error(`unknown data key id ${kid}`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB, 'base64url'));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tagB, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ctB, 'base64url')), decipher.final()]).toString('utf8');
}

/** True when `value` is a ciphertext token. */
export function isCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(CIPHERTEXT_PREFIX) && value.split(':').length === 6;
}

/**
 * Keyed lookup hash (HMAC-SHA256, hex) of a normalised value, for search and dedupe.
 * @param kind domain separator, e.g. `idNumber`, `phone`, `invite`; different kinds never collide
 * @param normalised the value after the kind's normalisation (see `normaliseIdNumber`, `normalisePhone`)
 */
export function lookupHash(kind: string, normalised: string): string {
  return createHmac('sha256', keyring().lookupKey).update(`${kind}\n${normalised}`, 'utf8').digest('hex');
}

/** Resident ID number normalisation: no whitespace, upper-case check digit `X`. */
export function normaliseIdNumber(value: string): string {
  // NFKC first: full-width digits and Ｘ typed on Chinese keyboards become ASCII (as the census import does).
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Phone normalisation: digits only, mainland `+86`/`0086` prefix dropped. */
export function normalisePhone(value: string): string {
  const digits = value.normalize('NFKC').replace(/\D+/g, '');
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  return digits;
}
