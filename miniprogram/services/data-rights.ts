/**
 * The accounts calls about a child's personal information (docs/access.md "Consent, correction,
 * deletion", "Break-glass", "Audit log"), typed by the generated contracts: consent, correction
 * and erasure requests, who viewed a file, full values with a reason, break-glass, the audit log.
 * Used by the child file (packageRegistry) and the privacy pages (packageAccount).
 */
import { callFunction } from './api';
import type { ActionInput } from '../contracts/index';

export type { AuditLogEntry, BreakGlassView, ChildViewEntry, CorrectionView } from '../contracts/accounts';

export { requestId } from '../utils/request-id';

/** The child's file as the caller may see it (name, consent status, masked values): the privacy pages' header. */
export const childFile = (childId: string) => callFunction('registry', 'getChild', { childId });
export const consentText = () => callFunction('accounts', 'consentText');
export const recordConsent = (input: ActionInput<'accounts', 'recordConsent'>) => callFunction('accounts', 'recordConsent', input);
export const requestCorrection = (input: ActionInput<'accounts', 'requestCorrection'>) => callFunction('accounts', 'requestCorrection', input);
export const listCorrections = (status?: 'open' | 'done' | 'rejected') => callFunction('accounts', 'listCorrections', status ? { status } : {});
export const resolveCorrection = (correctionId: string, decision: 'done' | 'rejected', resolution: string) =>
  callFunction('accounts', 'resolveCorrection', { correctionId, decision, resolution });
export const eraseChildData = (childId: string, reason: string) => callFunction('accounts', 'eraseChildData', { childId, reason });
export const whoViewedChild = (childId: string) => callFunction('accounts', 'whoViewedChild', { childId, limit: 100 });
/** The full value of a masked field of a child file (`father.phone`, `idNumber`), with the reason; audited. */
export const revealChildField = (childId: string, path: string, reason: string) => callFunction('accounts', 'revealChildField', { childId, path, reason });
/** A staff member's full phone, with the reason; audited. */
export const revealPersonField = (personId: string, reason: string) => callFunction('accounts', 'revealPersonField', { personId, field: 'phone', reason });
export const openBreakGlass = (childId: string, reason: string) => callFunction('accounts', 'openBreakGlass', { childId, reason });
export const listBreakGlass = (onlyUnacknowledged = false) => callFunction('accounts', 'listBreakGlass', { onlyUnacknowledged });
export const acknowledgeBreakGlass = (grantId: string, endNow: boolean) => callFunction('accounts', 'acknowledgeBreakGlass', { grantId, endNow });
export const queryAuditLog = (input: ActionInput<'accounts', 'queryAuditLog'>) => callFunction('accounts', 'queryAuditLog', input);
