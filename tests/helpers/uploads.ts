/**
 * Uploads where a person's page would: into the slots a function hands that person
 * (`care.visitPhotoSlots`, `guardianship.signingSlot`, `registry.rosterSlot`, `articles.coverSlot`,
 * `supervision.photoSlots`), so the functions' slot claim (cloudfunctions/_shared/upload-slots.ts)
 * holds. Tests upload the bytes with node-sdk (the stand-in's client path is proved in
 * tests/functions/storage-rules.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { DATA_KEY_ENV } from '../../cloudfunctions/_shared/crypto';
import { SLOT_ID_LENGTH, uploadFolderPrefix, type UploadPurpose } from '../../cloudfunctions/_shared/security/storage';
import { uploadFolderOf } from '../../cloudfunctions/_shared/uploads';
import { ensureDevDataKey } from '../../local/stack';
import type { TestStack } from './stack';

/** A slot action to ask, as whom, and with what. */
export interface SlotAsk {
  fn: string;
  action: string;
  input: Record<string, unknown>;
  openid: string;
}

/**
 * Asks `ask` for slots and uploads each of `files` into the next one.
 * @returns the fileIDs in order
 * @throws Error with the action's error when it hands out no slots
 */
export async function uploadToSlots(t: Pick<TestStack, 'call' | 'app'>, ask: SlotAsk, files: readonly Buffer[]): Promise<string[]> {
  const r = await t.call<{ slots: Array<{ cloudPath: string }> }>(ask.fn, ask.action, ask.input, { openid: ask.openid });
  if (!r.ok) throw new Error(`${ask.fn}.${ask.action}: ${r.error.code} ${r.error.message}`);
  const out: string[] = [];
  for (const [i, bytes] of files.entries()) {
    const up = (await t.app.uploadFile({ cloudPath: r.data.slots[i].cloudPath, fileContent: bytes })) as { fileID: string };
    out.push(up.fileID);
  }
  return out;
}

/** Asks for one slot and uploads `bytes` into it. @returns the fileID */
export async function uploadToSlot(t: Pick<TestStack, 'call' | 'app'>, ask: SlotAsk, bytes: Buffer): Promise<string> {
  return (await uploadToSlots(t, ask, [bytes]))[0];
}

/**
 * Records an open slot for `openid` directly in the stand-in's `uploadSlots` (as a slot action
 * would), for tests of the client storage path that start no domain function.
 * @param rest what follows the slot id, e.g. `.png` or `/名册.xlsx`
 * @returns the slot's cloud path
 */
export async function insertSlot(t: Pick<TestStack, 'app' | 'stack'>, purpose: UploadPurpose, openid: string, rest: string, opts: { task?: string; expiresInMs?: number } = {}): Promise<string> {
  process.env[DATA_KEY_ENV] = ensureDevDataKey(t.stack.dataDir);
  const id = randomBytes(SLOT_ID_LENGTH / 2).toString('hex');
  const cloudPath = `${uploadFolderPrefix(purpose, uploadFolderOf(openid))}${id}${rest}`;
  const now = Date.now();
  await t.app.database().collection('uploadSlots').add({ _id: id, purpose, task: opts.task ?? 'test', folder: uploadFolderOf(openid), cloudPath, issuedAt: new Date(now), expiresAt: new Date(now + (opts.expiresInMs ?? 3_600_000)), usedFor: '' });
  return cloudPath;
}
