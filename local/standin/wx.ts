/**
 * WeChat open-API calls (`wx.api` from `app.callWxOpenApi`, `wx.openApi` from
 * `app.callCompatibleWxOpenApi`). Until a WeChat stand-in plugs in through `setWxApi`, the
 * default handler answers `{ errcode: 0, errmsg: 'ok' }`. Every call is recorded (inspect with
 * `GET /__admin/wx-calls`), and a fault set through `POST /__admin/wx-fault` makes the next N
 * calls answer a chosen errcode without reaching the handler.
 */
import type { WxApiHandler } from './types';

/** One recorded open-API call. */
export interface WxCall {
  /** Stand-in clock time of the call (ISO). */
  at: string;
  /** `wx.api` or `wx.openApi`. */
  action: string;
  /** e.g. `/cgi-bin/message/subscribe/send`. */
  apiName: string;
  /** The request body as parsed JSON (the raw string when not JSON). */
  requestData: unknown;
  /** What the call answered. */
  response: unknown;
  /** True when an injected fault answered. */
  faulted: boolean;
}

/** An injected WeChat error for the next `remaining` calls. */
export interface WxFault {
  errcode: number;
  errmsg: string;
  remaining: number;
}

/** Keeps at most this many recorded calls (oldest dropped first). */
export const MAX_RECORDED_CALLS = 1000;

/** The default handler: every call succeeds. */
export const defaultWxApi: WxApiHandler = async () => ({ errcode: 0, errmsg: 'ok' });

/** Records calls and applies injected faults around the current handler. */
export class WxApiDesk {
  private handler: WxApiHandler;
  private readonly log: WxCall[] = [];
  private fault: WxFault | undefined;

  /**
   * @param now stand-in clock
   * @param handler initial handler (default {@link defaultWxApi})
   */
  constructor(
    private readonly now: () => Date,
    handler?: WxApiHandler,
  ) {
    this.handler = handler ?? defaultWxApi;
  }

  /** Replaces the handler (e.g. with the WeChat stand-in's). */
  setHandler(handler: WxApiHandler): void {
    this.handler = handler;
  }

  /**
   * Makes the next `count` calls answer `{ errcode, errmsg }`. `errcode: 0` or `count: 0`
   * clears the fault.
   * @throws RangeError when errcode or count is not an integer
   */
  setFault(errcode: number, count = 1, errmsg?: string): void {
    if (!Number.isInteger(errcode) || !Number.isInteger(count) || count < 0) throw new RangeError('errcode 与 count 必须是整数');
    this.fault = errcode === 0 || count === 0 ? undefined : { errcode, errmsg: errmsg ?? `模拟的微信错误 ${errcode}`, remaining: count };
  }

  /** The pending fault, if any. */
  currentFault(): WxFault | undefined {
    return this.fault ? { ...this.fault } : undefined;
  }

  /** Recorded calls, oldest first. */
  calls(): WxCall[] {
    return [...this.log];
  }

  /** Clears recorded calls and any pending fault. */
  clear(): void {
    this.log.length = 0;
    this.fault = undefined;
  }

  /**
   * Handles one call.
   * @param action `wx.api` or `wx.openApi`
   * @param body `{ apiName, apiOptions?, cgiName?, requestData }` with `requestData` parsed
   * @returns the handler's answer (WeChat's JSON, e.g. `{ errcode: 0, errmsg: 'ok' }`)
   * @throws whatever the handler throws (the server reports it as a CloudBase error)
   */
  async call(action: string, body: Record<string, unknown>): Promise<unknown> {
    let response: unknown;
    let faulted = false;
    if (this.fault) {
      faulted = true;
      response = { errcode: this.fault.errcode, errmsg: this.fault.errmsg };
      this.fault.remaining -= 1;
      if (this.fault.remaining <= 0) this.fault = undefined;
    } else {
      response = await this.handler({ ...body, action });
    }
    this.log.push({
      at: this.now().toISOString(),
      action,
      apiName: String(body.apiName ?? ''),
      requestData: body.requestData,
      response,
      faulted,
    });
    if (this.log.length > MAX_RECORDED_CALLS) this.log.splice(0, this.log.length - MAX_RECORDED_CALLS);
    return response;
  }
}
