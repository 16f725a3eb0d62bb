/**
 * Upload slots: the one path a function hands a person to upload one file for one purpose and
 * task (a signing line's signature, a visit's photo, a roster to import, a cover, a spot check's
 * photo). The slot is recorded server-side (`uploadSlots`); the function that later takes the
 * fileID claims it: handed to this caller, for this purpose and task, not expired, not used for
 * anything else. The stand-in's storage path also refuses a client upload to a path no open slot
 * names, or a second upload into a filled slot (local/standin/client-storage.ts). Production's
 * storage rules cannot read this table: they keep uploads in the caller's own folder, and the
 * claim at attach time is what ties a file to a person and task (docs/security.md).
 *
 * Path: `<purpose prefix><uploader's folder>/<slotId><rest>` — the folder keeps production's rule
 * (own folder per purpose) meaningful; the slot id (random, 24 hex) is what the record is found by.
 */
import { randomBytes } from 'node:crypto';
import type { ActionContext } from './context';
import { dbOf, getDoc } from './db';
import { AppError } from './errors';
import { CLIENT_UPLOADS, SLOT_ID_LENGTH, SLOT_TTL_MINUTES, slotOfPath, uploadFolderPrefix, type UploadPurpose } from './security/storage';
import { uploadFolderOf } from './uploads';

/** Collection of handed-out slots. */
export const SLOTS = 'uploadSlots';
/** Most slots one call hands out (a visit takes up to 9 photos). */
export const MAX_SLOTS_PER_CALL = 9;

/** A slot as stored. No openid: the owner is the uploader's folder (a keyed pseudonym). */
export interface UploadSlotDoc {
  _id: string;
  purpose: UploadPurpose;
  /** What the upload is for, e.g. `<confirmationId>:father`, `child:<childId>`. */
  task: string;
  /** The uploader's upload folder. */
  folder: string;
  cloudPath: string;
  issuedAt: Date;
  expiresAt: Date;
  /** '' while open; then the record the file was attached to (e.g. `visit:<visitId>`). */
  usedFor: string;
  usedAt?: Date;
}

/** One handed-out slot as the page sees it: upload exactly to `cloudPath` before `expiresAt`. */
export interface UploadSlotView {
  cloudPath: string;
  expiresAt: Date;
}

/**
 * Hands out `count` slots to the caller for `purpose` and `task`. Call it only after the action's
 * access check said the caller may do the task.
 * @param rest what follows the slot id in the path, e.g. `.png` or `/花名册.xlsx`
 * @throws AppError UNAUTHENTICATED (no WeChat identity: nobody to hand a folder to)
 */
export async function issueSlots(ctx: ActionContext, purpose: UploadPurpose, task: string, rest: string, count = 1): Promise<UploadSlotView[]> {
  const folder = uploadFolderOf(ctx.identity.openid);
  if (!folder) throw new AppError('UNAUTHENTICATED', '请先在微信中登录后再上传');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SLOT_TTL_MINUTES * 60_000);
  const docs: UploadSlotDoc[] = Array.from({ length: Math.min(Math.max(count, 1), MAX_SLOTS_PER_CALL) }, () => {
    const id = randomBytes(SLOT_ID_LENGTH / 2).toString('hex');
    return { _id: id, purpose, task, folder, cloudPath: `${uploadFolderPrefix(purpose, folder)}${id}${rest}`, issuedAt: now, expiresAt, usedFor: '' };
  });
  const coll = dbOf(ctx).collection(SLOTS);
  for (const d of docs) await coll.add(d);
  return docs.map((d) => ({ cloudPath: d.cloudPath, expiresAt: d.expiresAt }));
}

/** The cloud path inside a fileID (`cloud://<env>.<bucket>/<path>`), or '' when it is not one. */
function pathOf(fileID: string): string {
  return /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID.trim())?.[1] ?? '';
}

/** How a refusal names the file and what to do instead. */
export interface ClaimLabels {
  /** The input field, for `details.field` (e.g. `photos.2`). */
  field: string;
  /** The file as the person knows it (default the purpose's label, e.g. `走访照片`). */
  label?: string;
  /** What to do instead, e.g. `请在本机重新拍摄上传`. */
  redo: string;
}

/**
 * Checks that a fileID lies in an open slot handed to the caller for `purpose` and `task` (or one
 * already claimed for `usedFor`), without claiming it.
 * @returns the slot
 * @throws AppError UPLOAD_NOT_OWN `<label>不是您本人上传的，<redo>` (no slot, or one handed to
 *   someone else); UPLOAD_WRONG_SLOT `<label>不是为这一项上传的，<redo>` (another purpose or task);
 *   UPLOAD_SLOT_USED `<label>已用于另一条记录，<redo>`; UPLOAD_SLOT_EXPIRED
 *   `<label>的上传已过期，<redo>` — each with details `{ field }`
 */
async function checkSlot(ctx: ActionContext, fileID: string, purpose: UploadPurpose, task: string, usedFor: string, labels: ClaimLabels): Promise<UploadSlotDoc> {
  const label = labels.label ?? CLIENT_UPLOADS[purpose].label;
  const fail = (code: string, what: string): never => {
    throw new AppError(code, `${label}${what}，${labels.redo}`, { field: labels.field });
  };
  const path = pathOf(fileID);
  const at = slotOfPath(path);
  const slot = at ? await getDoc<UploadSlotDoc>(dbOf(ctx), SLOTS, at.slotId) : undefined;
  const folder = uploadFolderOf(ctx.identity.openid);
  if (!slot || slot.cloudPath !== path || !folder || slot.folder !== folder) return fail('UPLOAD_NOT_OWN', '不是您本人上传的');
  if (slot.purpose !== purpose || slot.task !== task) return fail('UPLOAD_WRONG_SLOT', '不是为这一项上传的');
  if (slot.usedFor === usedFor) return slot;
  if (slot.usedFor) return fail('UPLOAD_SLOT_USED', '已用于另一条记录');
  if (new Date(slot.expiresAt).getTime() < ctx.now().getTime()) return fail('UPLOAD_SLOT_EXPIRED', '的上传已过期');
  return slot;
}

/** Marks a checked slot used for `usedFor`. @throws AppError UPLOAD_SLOT_USED when another record won the race */
async function markUsed(ctx: ActionContext, slot: UploadSlotDoc, usedFor: string, labels: ClaimLabels): Promise<void> {
  if (slot.usedFor === usedFor) return;
  const db = dbOf(ctx);
  const res = (await db.collection(SLOTS).where({ _id: slot._id, usedFor: '' }).update({ usedFor, usedAt: ctx.now() })) as { updated?: number };
  if (res.updated === 1) return;
  // Lost a race: fine only when the winner was this same record.
  const now = await getDoc<UploadSlotDoc>(db, SLOTS, slot._id);
  if (now?.usedFor !== usedFor) throw new AppError('UPLOAD_SLOT_USED', `${labels.label ?? CLIENT_UPLOADS[slot.purpose].label}已用于另一条记录，${labels.redo}`, { field: labels.field });
}

/**
 * Claims the slot a fileID was uploaded into, for the record `usedFor`. Idempotent for the same
 * `usedFor` (a retried visit with the same request id claims its own slots again).
 * @throws AppError UPLOAD_NOT_OWN, UPLOAD_WRONG_SLOT, UPLOAD_SLOT_USED, UPLOAD_SLOT_EXPIRED (see checkSlot)
 */
export async function claimSlot(ctx: ActionContext, fileID: string, purpose: UploadPurpose, task: string, usedFor: string, labels: ClaimLabels): Promise<void> {
  await markUsed(ctx, await checkSlot(ctx, fileID, purpose, task, usedFor, labels), usedFor, labels);
}

/**
 * Claims every file of a list (field `<field>.<i>`): all are checked before any is claimed, so a
 * refused list leaves every slot as it was.
 */
export async function claimSlots(ctx: ActionContext, fileIDs: readonly string[], purpose: UploadPurpose, task: string, usedFor: string, labels: ClaimLabels): Promise<void> {
  const each = fileIDs.map((f, i) => ({ f, labels: { ...labels, field: `${labels.field}.${i}` } }));
  const slots: UploadSlotDoc[] = [];
  for (const e of each) slots.push(await checkSlot(ctx, e.f, purpose, task, usedFor, e.labels));
  for (const [i, slot] of slots.entries()) await markUsed(ctx, slot, usedFor, each[i].labels);
}
