/**
 * Tamper evidence of responsibility confirmations (docs/guardianship.md "Tamper evidence").
 *
 * The seal is an HMAC-SHA256, with a server key, over the RFC 8785 (JSON Canonicalization
 * Scheme) serialisation of the payload `sealPayload(doc)`: the document text, the parties, each
 * signature (signer, role, time, image fileID and the SHA-256 of the image bytes, assistance) and
 * the document's times. It is renewed after each signature, stored on the document and appended
 * to the audit log; `verify` recomputes it from what is stored now.
 *
 * Key: HKDF-SHA256 of the data key (`SHOUWANG_DATA_KEY`, see _shared/crypto.ts) with info
 * `shouwang/confirmation-seal/v1`; the seal records the data key's id, so after a key rotation
 * old seals still verify while the old key is listed in `SHOUWANG_DATA_KEY_PREVIOUS`.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { DATA_KEY_ENV, PREVIOUS_KEYS_ENV, keyIdOf, parseDataKey } from '../../_shared/crypto';
import { PARTY_KEYS, type ConfirmationDoc, type ConfirmationSeal } from '../../_shared/contracts/guardianship';

/** HKDF info string of the confirmation signing key. */
export const SEAL_KEY_INFO = 'shouwang/confirmation-seal/v1';

/** A function turning a JSON value into its RFC 8785 canonical string. */
export type Canonicalizer = (value: unknown) => string | undefined;

let loaded: Canonicalizer | undefined;

/**
 * The `canonicalize` package (RFC 8785). It is an ES module, loaded on first use (the bundle
 * inlines it; keeping the import dynamic also lets CommonJS test runners load this file).
 */
export async function jcs(): Promise<Canonicalizer> {
  if (!loaded) {
    const mod = (await import('canonicalize')) as unknown as { default: Canonicalizer };
    loaded = mod.default;
  }
  return loaded;
}

/** Signing keys by data-key id, derived from the current and previous data keys. */
export function sealKeys(env: Record<string, string | undefined> = process.env): { currentId: string; keys: Map<string, Buffer> } {
  const current = env[DATA_KEY_ENV];
  if (!current) throw new Error(`${DATA_KEY_ENV} is not set`);
  const derive = (k: Buffer) => Buffer.from(hkdfSync('sha256', k, Buffer.alloc(0), SEAL_KEY_INFO, 32));
  const main = parseDataKey(current);
  const keys = new Map<string, Buffer>([[keyIdOf(main), derive(main)]]);
  for (const old of (env[PREVIOUS_KEYS_ENV] ?? '').split(',').filter((s) => s.trim())) {
    const k = parseDataKey(old, PREVIOUS_KEYS_ENV);
    keys.set(keyIdOf(k), derive(k));
  }
  return { currentId: keyIdOf(main), keys };
}

const iso = (d: Date | string | undefined): string | undefined => (d === undefined || d === null ? undefined : new Date(d).toISOString());

/**
 * The sealed payload of a confirmation (stable key names; `undefined` members are left out by
 * the canonicaliser). Signatures are listed in party order father, mother, entrusted, village.
 */
export function sealPayload(doc: ConfirmationDoc): Record<string, unknown> {
  const signatures = PARTY_KEYS.filter((k) => doc.signatures?.[k]).map((k) => {
    const s = doc.signatures[k]!;
    return {
      party: s.party,
      personId: s.personId,
      role: s.role,
      fileID: s.fileID,
      imageSha256: s.imageSha256,
      strokes: s.strokes,
      width: s.width,
      height: s.height,
      signedAt: iso(s.signedAt),
      assisted: s.assisted
        ? {
            assistedBy: s.assisted.assistedBy,
            guardianName: s.assisted.guardianName,
            idLast4: s.assisted.idLast4,
            photoFileID: s.assisted.photoFileID,
            photoSha256: s.assisted.photoSha256,
          }
        : undefined,
    };
  });
  return {
    v: 1,
    id: doc._id,
    childId: doc.childId,
    villageCode: doc.villageCode,
    templateId: doc.templateId,
    templateVersion: doc.templateVersion,
    title: doc.title,
    text: doc.text,
    parties: doc.parties.map((p) => ({ key: p.key, name: p.name, relation: p.relation })),
    preparedBy: doc.preparedBy,
    preparedAt: iso(doc.preparedAt),
    signatures,
    inForceAt: iso(doc.inForceAt),
    expiresOn: doc.expiresOn,
  };
}

/** Hex SHA-256 of a UTF-8 string or bytes. */
export function sha256Hex(data: string | Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Seals a confirmation as it stands.
 * @param canon the RFC 8785 canonicaliser (default: the `canonicalize` package)
 */
export async function computeSeal(doc: ConfirmationDoc, now: Date, canon?: Canonicalizer): Promise<ConfirmationSeal> {
  const c = canon ?? (await jcs());
  const text = c(sealPayload(doc))!;
  const { currentId, keys } = sealKeys();
  const mac = createHmac('sha256', keys.get(currentId)!).update(text, 'utf8').digest('hex');
  return {
    alg: 'HMAC-SHA256',
    canon: 'JCS',
    keyId: currentId,
    mac,
    payloadSha256: sha256Hex(text),
    sealedAt: now,
    signatures: Object.keys(doc.signatures ?? {}).length,
  };
}

/**
 * Recomputes the MAC of the stored document and compares it with its seal.
 * @returns Chinese problems (empty when the seal matches)
 */
export async function checkSeal(doc: ConfirmationDoc, canon?: Canonicalizer): Promise<string[]> {
  const seal = doc.seal;
  if (!seal) return ['确认书尚无防篡改签章'];
  const c = canon ?? (await jcs());
  const text = c(sealPayload(doc))!;
  const key = sealKeys().keys.get(seal.keyId);
  if (!key) return ['签章密钥不可用，无法核验'];
  const mac = createHmac('sha256', key).update(text, 'utf8').digest('hex');
  const a = Buffer.from(mac, 'hex');
  const b = Buffer.from(String(seal.mac), 'hex');
  const problems: string[] = [];
  if (a.length !== b.length || !timingSafeEqual(a, b)) problems.push('文书内容、签署方、签名或时间与签章不符，确认书可能已被改动');
  if (Object.keys(doc.signatures ?? {}).length !== seal.signatures) problems.push('签名数量与签章记录不符');
  return problems;
}

/** The verification code printed on the PDF: first 16 hex digits of the MAC, upper case, in groups of four. */
export function verificationCode(mac: string): string {
  return mac
    .slice(0, 16)
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1-');
}
