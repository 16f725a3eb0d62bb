import { AppError } from './errors';
import type { ActionContext } from './router';

/**
 * Who may call an action. Deny by default: an action must say `public: true` to be open to any
 * WeChat user; otherwise it names the roles allowed. (The accounts and access capability owns
 * role resolution and scope checks; this is the router's hook into it.)
 */
export type AccessSpec = { public: true } | { roles: readonly string[] };

/**
 * Throws FORBIDDEN / UNAUTHENTICATED unless the caller satisfies `spec`.
 * @throws AppError UNAUTHENTICATED when a non-public action has no openid; FORBIDDEN otherwise
 */
export async function authorize(spec: AccessSpec, ctx: ActionContext): Promise<void> {
  if ('public' in spec && spec.public) return;
  if (!ctx.identity.openid) throw new AppError('UNAUTHENTICATED');
  throw new AppError('FORBIDDEN');
}
