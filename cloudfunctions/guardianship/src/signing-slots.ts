/**
 * Where a signer uploads: a one-time slot for one line of one confirmation, handed only to the
 * person who may sign that line (the parent, the entrusted guardian, the village officer for the
 * committee) or to the village officer assisting a guardian without a phone (the signature and the
 * assisted-signing photo). Signing claims the slot (signing-task.ts), so an image drawn
 * for one document or line, or uploaded by someone else, is refused (docs/security.md).
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { resolveActor, scopeReaches, type ExampleWorld } from '../../_shared/access';
import { ASSISTED_PARTY_KEYS, guardianshipContract, PARTY_SIGNER_ROLE, type ConfirmationDoc } from '../../_shared/contracts/guardianship';
import { issueSlots } from '../../_shared/upload-slots';
import { signingTask } from './signing-task';
import { SIGNER_ROLES, confirmationTarget } from './common';

const A = guardianshipContract.actions;

export const signingSlot = action(A.signingSlot, {
  access: { roles: SIGNER_ROLES, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), breakGlass: false },
  example: async (w: ExampleWorld) => {
    const { exampleConfirmation } = await import('./confirmations');
    return { confirmationId: await exampleConfirmation(w), party: w.role === 'parent' ? 'father' : w.role === 'entrustedGuardian' ? 'entrusted' : 'village', what: 'signature' };
  },
  /**
   * Hands the caller a one-time slot to upload a signature image (`what: 'signature'`, PNG) or the
   * assisted-signing photo (`what: 'photo'`, JPEG) for one line of a confirmation
   * (policy §二(一) 监护责任确认). Handed to the line's own signer, or — for a guardian's line — to
   * the village officer of the child's village (协助签署); the photo only to that officer.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }` (one slot, valid for a day)
   * @throws FORBIDDEN `您不是该签署方，不能代其签名`; ALREADY_SIGNED (the caller signed this or
   *   another line); CONFLICT `这一栏已签署` when someone signed the line
   */
  handler: async (input, ctx) => {
    const doc = ctx.grant!.target!.doc as ConfirmationDoc;
    const actor = await resolveActor(ctx);
    const scope = { regionCode: doc.villageCode, childIds: [doc.childId] };
    const holds = (role: string) => actor.bindings.some((b) => b.role === role && scopeReaches(b.scope, scope));
    const ownLine = input.what === 'signature' && holds(PARTY_SIGNER_ROLE[input.party]);
    const assisting = (ASSISTED_PARTY_KEYS as readonly string[]).includes(input.party) && holds('villageOfficer');
    if (!doc.parties.some((p) => p.key === input.party) || (!ownLine && !assisting)) throw new AppError('FORBIDDEN', '您不是该签署方，不能代其签名');
    // As signConfirmation answers it, before anything is handed out.
    const signedBefore = ownLine ? Object.entries(doc.signatures ?? {}).find(([, s]) => s && s.personId === actor.personId && !s.assisted) : undefined;
    if (signedBefore) throw new AppError('ALREADY_SIGNED', signedBefore[0] === input.party ? '您已签署过这份确认书' : '您已签署过这份确认书的另一方');
    if (doc.signatures?.[input.party]) throw new AppError('CONFLICT', '这一栏已签署');
    const ext = input.what === 'signature' ? '.png' : '.jpg';
    return { slots: await issueSlots(ctx, 'signature', signingTask(doc._id, input.party, input.what), ext) };
  },
});
