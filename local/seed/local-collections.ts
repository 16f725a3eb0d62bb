/**
 * Collections that exist only locally (dev tooling, never in production):
 * `devPersonas` lists the demo people the mini-program's local mode can act as
 * (`{ key, name, openid, roles, description }`, served by the gateway's `GET /personas`).
 */
export const LOCAL_COLLECTIONS = ['devPersonas'] as const;

/** The demo personas' collection (local only; the deploy to CloudBase never creates it). */
export const DEV_PERSONAS = 'devPersonas';
