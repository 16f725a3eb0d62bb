/**
 * The router's hook into accounts and access (the implementation lives in ./access/). Kept as a
 * file so existing imports of `./access` keep working.
 */
export * from './access/index';
