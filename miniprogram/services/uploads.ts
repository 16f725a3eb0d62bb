/**
 * Uploads into slots a function handed out. Every file the mini-program stores goes to the exact
 * path an action answered (`care.visitPhotoSlots`, `guardianship.signingSlot`,
 * `registry.rosterSlot`, `articles.coverSlot`, `supervision.photoSlots`): one slot per file, for
 * this person and task, filled once; the function that later takes the fileID checks the slot
 * (docs/security.md).
 */
import { failure, uploadFile, type Envelope } from './api';
import { isSlotPathFor, type UploadPurpose } from './upload-paths';

export { UPLOAD_PREFIXES, isSlotPathFor, type UploadPurpose } from './upload-paths';

/** What every slot action answers. */
export interface SlotsAnswer {
  slots: Array<{ cloudPath: string; expiresAt: string }>;
}

/**
 * Uploads local temp files, the i-th into the i-th slot of `answer` (an envelope from a slot action).
 * @returns the fileIDs in order; the slot action's failure as it came; BAD_RESPONSE when it
 *   handed out fewer slots than files or a path for another purpose; the first upload failure
 */
export async function uploadIntoSlots(purpose: UploadPurpose, answer: Envelope<SlotsAnswer>, filePaths: readonly string[]): Promise<Envelope<{ fileIDs: string[] }>> {
  if (!answer.ok) return answer;
  const slots = answer.data.slots;
  if (slots.length < filePaths.length || !slots.every((s) => isSlotPathFor(purpose, s.cloudPath))) return failure('BAD_RESPONSE', '没有拿到上传位置，请稍后重试');
  const fileIDs: string[] = [];
  for (const [i, path] of filePaths.entries()) {
    const up = await uploadFile(slots[i].cloudPath, path);
    if (!up.ok) return up;
    fileIDs.push(up.data.fileID);
  }
  return { ok: true, data: { fileIDs } };
}
