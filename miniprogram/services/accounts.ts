/**
 * The accounts calls the mini-program makes (我的, role switcher, accepting an invitation), typed
 * by the generated contracts (`contracts/accounts.ts`), plus scanning an invitation QR code. Presentation rules are in
 * `accounts-logic.ts` (pure, unit-tested).
 */
import { callFunction, type Envelope } from './api';
import type { AcceptedInvitation, MeView, RoleName } from '../contracts/accounts';
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
      success: (res) => resolve({ kind: 'code', code: codeFromScan(res.result) }),
      fail: (err) =>
        resolve(isPrivacyRefusal(err.errMsg) ? { kind: 'privacyRefused' } : isScanCancel(err.errMsg) ? { kind: 'cancelled' } : { kind: 'failed' }),
    });
  });
}
