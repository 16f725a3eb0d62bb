/**
 * HTTP to the dev gateway (local mode only; docs/miniprogram.md "Local mode").
 * Never used in cloud mode: production talks to CloudBase through `wx.cloud.*`.
 */
import type { ErrorBody } from '../contracts/index';
import { env } from '../config/env';

export type GatewayResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ErrorBody };

type RequestData = string | WechatMiniprogram.IAnyObject | ArrayBuffer;

/** Sends one request to the gateway; never throws (connection failures become `NETWORK`). */
export function gatewayRequest<T>(
  method: 'GET' | 'POST',
  path: string,
  data?: RequestData,
  header: Record<string, string> = {},
): Promise<GatewayResult<T>> {
  const url = `${env.gatewayUrl.replace(/\/$/, '')}${path}`;
  return new Promise((resolve) => {
    wx.request({
      url,
      method,
      data,
      header: { 'content-type': 'application/json', ...header },
      dataType: 'json',
      success: (res) => resolve({ ok: true, status: res.statusCode, data: res.data as T }),
      fail: (err) =>
        resolve({
          ok: false,
          error: {
            code: 'NETWORK',
            message: `无法连接本地开发网关（${env.gatewayUrl}），请先运行 npm start`,
            details: { errMsg: err.errMsg },
          },
        }),
    });
  });
}
