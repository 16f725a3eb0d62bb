/**
 * A mocked back end for page tests and screenshots: `wx.cloud.callFunction` answered per action
 * (`'<function>.<action>'` or just `'<action>'`), every call recorded with its input. A route may
 * return data (→ `{ ok: true, data }`), `failWith(code, message)` (→ the function's error
 * envelope) or `offline()` (→ the call itself fails, as with no network). An action with no route
 * answers UNKNOWN_ACTION, so a page calling something unexpected shows it.
 */
export interface RecordedCall {
  name: string;
  action: string;
  data: any;
}

const FAIL = Symbol('fail');
const OFFLINE = Symbol('offline');

/** The function answers with an error envelope. */
export function failWith(code: string, message: string): unknown {
  return { [FAIL]: { code, message } };
}

/** The call fails before reaching the function (no network). */
export function offline(): unknown {
  return { [OFFLINE]: true };
}

export type Routes = Record<string, (input: any) => unknown>;

/** Installs the routes at `wx.cloud.callFunction`; @returns the calls made, in order. */
export function routeBackend(routes: Routes): RecordedCall[] {
  const calls: RecordedCall[] = [];
  const wx = (global as any).wx;
  wx.cloud.callFunction = jest.fn(async ({ name, data }: { name: string; data: { action: string; data: unknown } }) => {
    calls.push({ name, action: data.action, data: data.data });
    const route = routes[`${name}.${data.action}`] ?? routes[data.action];
    if (!route) return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    const out = (await route(data.data)) as any;
    if (out && typeof out === 'object' && out[OFFLINE]) throw { errCode: -1, errMsg: 'cloud.callFunction:fail network' };
    if (out && typeof out === 'object' && out[FAIL]) return { result: { ok: false, error: out[FAIL] } };
    return { result: { ok: true, data: out } };
  });
  return calls;
}

/** The calls of one action. */
export function callsOf(calls: RecordedCall[], action: string): RecordedCall[] {
  return calls.filter((c) => `${c.name}.${c.action}` === action || c.action === action);
}
