import { createFunction } from '../../_shared/router';
import { accountsContract } from '../../_shared/contracts/accounts';
import { acceptInvitation, createInvitation, invitationCard, listInvitations, revokeInvitation } from './invitations';
import { familyInviteOptions, inviteOptions } from './invite-options';
import { listBindings, me, revokeBinding, switchRole, unreachedUrgent } from './people';
import { acknowledgeBreakGlass, listBreakGlass, openBreakGlass } from './breakglass';
import { consentText, eraseChildData, listCorrections, recordConsent, requestCorrection, resolveCorrection } from './consent';
import { queryAuditLog, revealChildField, revealPersonField, whoViewedChild } from './audit';

/**
 * `accounts`: people, roles and access (docs/access.md).
 * - 我的: `me`, `switchRole`
 * - invitations: `inviteOptions`, `familyInviteOptions`, `createInvitation` (with the invitation card), `invitationCard`,
 *   `listInvitations`, `revokeInvitation`, `acceptInvitation`
 *   (also accepts the one-time setup code that bootstraps the first county admin)
 * - bindings: `listBindings`, `revokeBinding`
 * - break-glass: `openBreakGlass`, `listBreakGlass`, `acknowledgeBreakGlass`
 * - consent and data rights: `consentText`, `recordConsent`, `requestCorrection`,
 *   `listCorrections`, `resolveCorrection`, `eraseChildData`
 * - audit: `whoViewedChild`, `queryAuditLog`, `revealChildField`, `revealPersonField`
 */
export const accounts = createFunction(accountsContract, {
  me,
  switchRole,
  createInvitation,
  inviteOptions,
  familyInviteOptions,
  invitationCard,
  listInvitations,
  revokeInvitation,
  acceptInvitation,
  listBindings,
  unreachedUrgent,
  revokeBinding,
  openBreakGlass,
  listBreakGlass,
  acknowledgeBreakGlass,
  consentText,
  recordConsent,
  requestCorrection,
  listCorrections,
  resolveCorrection,
  eraseChildData,
  whoViewedChild,
  queryAuditLog,
  revealChildField,
  revealPersonField,
});

export const main = accounts.main;
