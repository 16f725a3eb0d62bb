/**
 * A mocked back end for page tests: answers `wx.cloud.callFunction` (how pages call in cloud mode)
 * by `<function>.<action>` with the test's routes, and records every call's input.
 *
 *   const api = mockBackend({ 'registry.coverage': () => COVERAGE, 'registry.markCoverage': (i) => ({ id: i.group, visited: true }) });
 *   api.fail('registry.coverage', { code: 'FORBIDDEN', message: '无权访问' });
 *   expect(api.calls('registry.markCoverage')).toEqual([{ villageCode: '…', group: '5组', visited: true }]);
 *
 * A route may return `failure(code, message, details?)` to answer `{ ok: false, error }`, or throw
 * to fail in transport (the page sees 网络异常). An action without a route answers UNKNOWN_ACTION.
 */
type Route = (input: any) => unknown;

const FAILURE = Symbol('failure');

/** A route's answer that is the function's error envelope. */
export function failure(code: string, message: string, details?: Record<string, unknown>): unknown {
  return { [FAILURE]: true, error: details ? { code, message, details } : { code, message } };
}

export interface MockBackend {
  /** Inputs of every call of `fn.action`, in order. */
  calls(action: string): any[];
  /** Every `fn.action` called, in order. */
  log: string[];
  /** Replace (or add) a route. */
  route(action: string, answer: Route): void;
  /** Make `fn.action` answer this error from now on. */
  fail(action: string, error: { code: string; message: string; details?: Record<string, unknown> }): void;
}

export function mockBackend(routes: Record<string, Route>): MockBackend {
  const table = new Map(Object.entries(routes));
  const inputs = new Map<string, any[]>();
  const log: string[] = [];
  const wx = (global as any).wx;
  wx.cloud.callFunction = jest.fn(async ({ name, data }: { name: string; data: { action: string; data?: unknown } }) => {
    const key = `${name}.${data.action}`;
    log.push(key);
    inputs.set(key, [...(inputs.get(key) ?? []), data.data]);
    const route = table.get(key);
    if (!route) return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
    const out = await route(data.data ?? {});
    if (out && typeof out === 'object' && FAILURE in out) return { result: { ok: false, error: (out as unknown as { error: unknown }).error } };
    return { result: { ok: true, data: out } };
  });
  return {
    calls: (action) => inputs.get(action) ?? [],
    log,
    route: (action, answer) => void table.set(action, answer),
    fail: (action, error) => void table.set(action, () => failure(error.code, error.message, error.details)),
  };
}

/** The roles `getApp().globalData.roles` holds (what 我的 filled in), for pages that show per role. */
export function actAs(...roles: string[]): void {
  (global as any).__app.globalData.roles = roles;
}
