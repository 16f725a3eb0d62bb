/**
 * Accounts and access: the capability every other one uses. See docs/access.md.
 *
 * - Declare access on each action: `access: { roles, target?, dataScope?, audit?, breakGlass? }`
 *   (spec.ts); the router enforces it before the handler and audits after it.
 * - In handlers: `ctx.actor`, `ctx.grant` (role, binding, loaded target), `requireChildAccess`,
 *   `scopeFilter` for lists, `audit(ctx, …)` for searches/statistics/exports.
 * - Sensitive fields: `seal(field, value)` to store, `presentDoc` / `presentSealed` to respond,
 *   `lookupKeyFor(field, value)` to search.
 */
export * from './roles';
export * from './scope';
export * from './spec';
export * from './decide';
export * from './targets';
export * from './masking';
export * from './sealed';
export * from './runtime';
export * from './collections';
export * from './issuing';
