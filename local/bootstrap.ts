/**
 * The one-time setup code that bootstraps the first county admin when the stack starts without
 * demo data (`npm start -- --no-demo`). It is an ordinary invitation for `countyAdmin` of the
 * county, marked `bootstrap`, accepted with `accounts.acceptInvitation` in the mini-program
 * (我的 → 输入邀请码); accepting it fails once any county admin exists.
 *
 * `local/start.ts` calls `ensureSetupCode` after the stack starts and prints the result.
 */
import type { CloudApp } from '../cloudfunctions/_shared/cloud';
import { ACCESS_COLLECTIONS as C } from '../cloudfunctions/_shared/access/collections';
import { DATA_KEY_ENV, decryptText } from '../cloudfunctions/_shared/crypto';
import { INVITATION_POLICY } from '../cloudfunctions/_shared/contracts/accounts';
import { storeInvitation, type InvitationDoc } from '../cloudfunctions/accounts/src/invitations';

/**
 * Issues (or re-shows, while still valid) the setup code, unless a county admin already exists.
 * @param opts.dataKey the data key the functions use (encrypts the stored code; set into this
 *   process's env if absent)
 * @returns the code and its expiry, or undefined when a county admin exists
 */
export async function ensureSetupCode(
  app: CloudApp,
  opts: { countyCode: string; now: Date; dataKey?: string },
): Promise<{ code: string; expiresAt: Date } | undefined> {
  if (opts.dataKey && !process.env[DATA_KEY_ENV]) process.env[DATA_KEY_ENV] = opts.dataKey;
  const db = app.database();
  const _ = db.command;
  const admins = await db.collection(C.roleBindings).where({ role: 'countyAdmin', status: 'active' }).count();
  if ((admins.total ?? 0) > 0) return undefined;
  const open = await db
    .collection(C.invitations)
    .where({ bootstrap: true, status: 'open', expiresAt: _.gt(opts.now) })
    .limit(1)
    .get();
  const existing = (open.data ?? [])[0] as InvitationDoc | undefined;
  if (existing) return { code: decryptText(existing.code, 'invitation.code'), expiresAt: new Date(existing.expiresAt) };
  const { doc, code } = await storeInvitation(
    db,
    {
      role: 'countyAdmin',
      scope: { kind: 'region', codes: [opts.countyCode] },
      scopeRegion: opts.countyCode,
      inviteeName: '县管理员',
      issuedBy: 'system',
      issuedRole: 'system',
      issuedAt: opts.now,
      expiresAt: new Date(opts.now.getTime() + INVITATION_POLICY.ttlDays * 86_400_000),
      bootstrap: true,
    },
    `inv_setup_${opts.now.getTime()}`,
  );
  return { code, expiresAt: new Date(doc.expiresAt) };
}

/** The banner lines for a setup code (Simplified Chinese, as users read them). */
export function setupCodeBanner(setup: { code: string; expiresAt: Date }): string[] {
  return [
    '  尚无县管理员。首位县管理员初始化码（一次性）：',
    `      ${setup.code}`,
    `    有效期至 ${setup.expiresAt.toISOString()}；在小程序「我的 → 输入邀请码」中输入或扫码使用。`,
  ];
}
