/**
 * The local CloudBase stand-in: an HTTP server speaking node-sdk's wire protocol (database,
 * storage, functions, WeChat open API), with a durable store, a controllable clock and admin
 * endpoints. See docs/standin.md.
 *
 * ```ts
 * const standin = await startStandin({ dataDir: '.data/standin', port: 0 });
 * const app = tcb.init({ env: 'local', serviceUrl: standin.serviceUrl, secretId: 'x', secretKey: 'y' });
 * ```
 */
export { startStandin, DEFAULT_STANDIN_PORT, SERVICE_PATH } from './server';
export type { Standin, StandinOptions } from './server';
export { Store, newDocId, AGGREGATE_DEFAULT_LIMIT } from './store';
export type { Doc, FindOptions, UpdateOptions, SortSpec, StoreOptions } from './store';
export { createClock } from './clock';
export { StandinError, StandinCodes } from './errors';
export { WxApiDesk, defaultWxApi } from './wx';
export type { WxCall, WxFault } from './wx';
export type { FunctionInvoker, InvokeRequest, InvokeResult, InvocationIdentity, StandinClock, WxApiHandler } from './types';
