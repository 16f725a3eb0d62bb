/**
 * The accounts calls the mini-program makes (我的, role switcher, accepting an invitation,
 * issuing and revoking invitations, the people bound in one's scope), typed
 * by the generated contracts (`contracts/accounts.ts`), plus scanning an invitation QR code. Presentation rules are in
 * `accounts-logic.ts` (pure, unit-tested).
 */
import { callFunction, type Envelope } from './api';
import type { ActionInput } from '../contracts/index';
import type { AcceptedInvitation, CreatedInvitation, InvitationView, InviteOptions, MeView, RoleName, StaffBinding, UnreachedItem } from '../contracts/accounts';
import { codeFromScan, isPrivacyRefusal, isScanCancel, normalizeInvitationCode } from './accounts-logic';
import { requirePrivacyAuthorization } from './privacy';

/** `accounts.me`: the caller, their roles and scopes, the active role. */
export function loadMe(): Promise<Envelope<MeView>> {
  return callFunction('accounts', 'me');
}

/** `accounts.switchRole`: only to a role the caller holds (else FORBIDDEN 您没有该角色). */
export function switchRole(role: RoleName): Promise<Envelope<{ activeRole: RoleName }>> {
  return callFunction('accounts', 'switchRole', { role });
}

/** `accounts.unreachedUrgent`: urgent items of the county admin's county that reached nobody. */
export function loadUnreachedUrgent(): Promise<Envelope<{ items: UnreachedItem[] }>> {
  return callFunction('accounts', 'unreachedUrgent');
}

/** `accounts.acceptInvitation` with the code cleaned as typed or scanned. */
export function acceptInvitation(code: string): Promise<Envelope<AcceptedInvitation>> {
  return callFunction('accounts', 'acceptInvitation', { code: normalizeInvitationCode(code) });
}

/** What scanning gave: a code, the user closed the scanner, refused privacy, or it failed. */
export type ScanOutcome = { kind: 'code'; code: string } | { kind: 'cancelled' } | { kind: 'privacyRefused' } | { kind: 'failed' };

/**
 * Scans an invitation QR code (camera only, QR only). Asks for privacy agreement first: the
 * scanner opens only after the user agreed.
 */
export async function scanInvitationCode(): Promise<ScanOutcome> {
  if (!(await requirePrivacyAuthorization())) return { kind: 'privacyRefused' };
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      // A mini-program code gives the page path with its scene; a plain QR code gives the text.
      success: (res) => resolve({ kind: 'code', code: codeFromScan(res.result, (res as { path?: string }).path) }),
      fail: (err) =>
        resolve(isPrivacyRefusal(err.errMsg) ? { kind: 'privacyRefused' } : isScanCancel(err.errMsg) ? { kind: 'cancelled' } : { kind: 'failed' }),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Invitations and bindings (人员与邀请, the invite card)

/** `accounts.inviteOptions`: the staff roles and places the caller may invite. */
export function inviteOptions(): Promise<Envelope<InviteOptions>> {
  return callFunction('accounts', 'inviteOptions');
}

/** `accounts.familyInviteOptions`: the family roles for a child, and the family on file. */
export function familyInviteOptions(childId: string): Promise<Envelope<InviteOptions>> {
  return callFunction('accounts', 'familyInviteOptions', { childId });
}

/** `accounts.createInvitation`: a new invitation and its card (idempotent on `requestId`). */
export function createInvitation(input: ActionInput<'accounts', 'createInvitation'>): Promise<Envelope<CreatedInvitation>> {
  return callFunction('accounts', 'createInvitation', input);
}

/** `accounts.invitationCard`: the card of an open invitation the caller issued. */
export function invitationCard(invitationId: string): Promise<Envelope<CreatedInvitation>> {
  return callFunction('accounts', 'invitationCard', { invitationId });
}

/** `accounts.listInvitations`: invitations the caller issued (the county admin: the county's). */
export function listInvitations(): Promise<Envelope<{ invitations: InvitationView[] }>> {
  return callFunction('accounts', 'listInvitations');
}

/** `accounts.revokeInvitation`: an unused invitation can no longer be accepted. */
export function revokeInvitation(invitationId: string): Promise<Envelope<{ invitationId: string; status: 'revoked' }>> {
  return callFunction('accounts', 'revokeInvitation', { invitationId });
}

/** `accounts.listBindings`: people bound in the caller's scope (active ones). */
export function listBindings(): Promise<Envelope<{ bindings: StaffBinding[] }>> {
  return callFunction('accounts', 'listBindings');
}

/** `accounts.revokeBinding`: ends someone's role at once, with the reason (≥ 4 characters). */
export function revokeBinding(bindingId: string, reason: string): Promise<Envelope<{ bindingId: string; status: 'revoked' }>> {
  return callFunction('accounts', 'revokeBinding', { bindingId, reason });
}
