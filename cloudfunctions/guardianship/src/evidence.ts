/**
 * Evidence copies of what a signer uploaded. The signer's own upload (`signatures/<folder>/…`) is
 * theirs in production's storage rules, which cannot say "write once": its owner could replace
 * it. So at signing the function copies the checked bytes to `evidence/…`, where no client may
 * write (storage.rules.json) and the stand-in refuses any overwrite or delete (write-once), and
 * the confirmation records the copy. The seal and verification hash the same bytes. Also the
 * checks of a signature image before it is kept (owner, PNG, size).
 */
import { randomBytes } from 'node:crypto';
import type { ActionContext } from '../../_shared/context';
import type { PartyKey } from '../../_shared/contracts/guardianship';
import { downloadStoredFile } from '../../_shared/db';
import { AppError } from '../../_shared/errors';
import { claimSigningSlot } from './signing-task';
import { sha256Hex } from './seal';

/** Largest signature or photo accepted, bytes. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** PNG file signature. */
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Stores `bytes` under `evidence/<kind>/<confirmationId>/<party>-<sha16>-<nonce>.<ext>` (a fresh
 * name each time, so a retried signing never meets its own earlier copy).
 * @param sha256 hex SHA-256 of `bytes` (already computed by the caller's checks)
 * @returns the copy's fileID
 */
export async function keepEvidence(ctx: ActionContext, bytes: Buffer, sha256: string, where: { kind: 'signatures' | 'photos'; confirmationId: string; party: PartyKey; ext: 'png' | 'jpg' }): Promise<string> {
  const name = `${where.party}-${sha256.slice(0, 16)}-${randomBytes(4).toString('hex')}.${where.ext}`;
  const cloudPath = `evidence/${where.kind}/${where.confirmationId}/${name}`;
  const up = (await ctx.app.uploadFile({ cloudPath, fileContent: bytes })) as { fileID: string };
  return up.fileID;
}

/**
 * Width and height of a PNG from its IHDR chunk.
 * @returns undefined when the bytes are not a PNG
 */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_MAGIC) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Loads and checks a signature image: from the signing slot handed to the caller for this line
 * (signing-slots.ts), a PNG of the declared size, not too large; then keeps its evidence copy.
 * @returns the evidence copy's fileID and the image's SHA-256
 * @throws AppError UPLOAD_NOT_OWN `签名图片不是您本人上传的，请在本机重新签名`; UPLOAD_WRONG_SLOT (drawn
 *   for another confirmation or line); UPLOAD_SLOT_USED / UPLOAD_SLOT_EXPIRED; BAD_SIGNATURE; NOT_FOUND
 */
export async function checkedSignatureImage(ctx: ActionContext, sig: { fileID: string; width: number; height: number }, at: { confirmationId: string; party: PartyKey }): Promise<{ fileID: string; sha256: string }> {
  await claimSigningSlot(ctx, sig.fileID, at, 'signature', { label: '签名图片', field: 'signature.fileID', redo: '请在这份确认书的签署页重新签名' });
  const bytes = await downloadStoredFile(ctx, sig.fileID, '签名图片', 'signature.fileID');
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('BAD_SIGNATURE', '签名图片过大');
  const size = pngSize(bytes);
  if (!size) throw new AppError('BAD_SIGNATURE', '签名图片须为 PNG 格式');
  if (size.width !== sig.width || size.height !== sig.height) throw new AppError('BAD_SIGNATURE', '签名图片尺寸与签名板不一致，请重新签名');
  const sha256 = sha256Hex(bytes);
  return { fileID: await keepEvidence(ctx, bytes, sha256, { kind: 'signatures', ...at, ext: 'png' }), sha256 };
}

