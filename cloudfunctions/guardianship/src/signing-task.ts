/**
 * The task a signing upload slot is handed out for (signing-slots.ts) and its claim at signing:
 * one line of one confirmation, its signature image or the assisted-signing photo.
 */
import type { ActionContext } from '../../_shared/context';
import type { PartyKey } from '../../_shared/contracts/guardianship';
import { claimSlot, type ClaimLabels } from '../../_shared/upload-slots';

/** What a signing slot is for: a line of a confirmation, its signature or the assisted-signing photo. */
export type SigningUpload = 'signature' | 'photo';

/** The task a signing slot is handed out for. */
export function signingTask(confirmationId: string, party: PartyKey, what: SigningUpload): string {
  return `sign:${confirmationId}:${party}:${what}`;
}

/**
 * Claims the slot of a signature image or assisted-signing photo for this confirmation's line.
 * @throws AppError UPLOAD_NOT_OWN (not handed to the caller), UPLOAD_WRONG_SLOT (another document,
 *   line or kind), UPLOAD_SLOT_USED, UPLOAD_SLOT_EXPIRED — see claimSlot
 */
export async function claimSigningSlot(ctx: ActionContext, fileID: string, at: { confirmationId: string; party: PartyKey }, what: SigningUpload, labels: ClaimLabels): Promise<void> {
  const task = signingTask(at.confirmationId, at.party, what);
  await claimSlot(ctx, fileID, 'signature', task, task, labels);
}

