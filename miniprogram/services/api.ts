/**
 * The one way pages reach the back end. `callFunction` is typed by the generated call table
 * (`contracts/index.ts`, from the functions' contracts): a wrong action name, input or use of the
 * output does not compile.
 *
 * - cloud mode (production): `wx.cloud.callFunction({ name, data: { action, data } })`, whose
 *   `result` is the function's envelope; `wx.cloud.uploadFile` / `getTempFileURL` for files.
 * - local mode (development): the same calls as HTTP to the dev gateway, acting as the persona
 *   picked on the persona page (`X-Dev-Openid`).
 *
 * The mode comes from the build-time file `config/env.ts` (docs/miniprogram.md), never from code
 * edits; a release build always uses cloud mode whatever that file says.
 *
 * Every call resolves to an envelope and never throws: pages show `error.message` (Chinese) as is.
 */
import type { ActionInput, ActionName, ActionOutput, Envelope, ErrorBody, FunctionEvent, FunctionName } from '../contracts/index';
import { env } from '../config/env';
import { gatewayRequest } from './gateway';
import { getDevPersona } from './dev-persona';

export type { Envelope, ErrorBody };

export const NETWORK_MESSAGE = '网络异常，请稍后重试';
export const FUNCTION_FAILED_MESSAGE = '服务暂时不可用，请稍后重试';

/**
 * `wx.cloud.callFunction` errCodes that mean the function, not the network, failed: it does not
 * exist (-501000), crashed (-504002) or timed out (-504003).
 */
const FUNCTION_ERR_CODES = new Set([-501000, -504002, -504003]);

export type ApiMode = 'cloud' | 'local';

function isReleaseBuild(): boolean {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'release';
  } catch {
    return false;
  }
}

/** `local` only when the environment file says so and this is not a release build. */
export function apiMode(): ApiMode {
  return env.mode === 'local' && !isReleaseBuild() ? 'local' : 'cloud';
}

/** A failed envelope. */
export function failure(code: string, message: string, details?: Record<string, unknown>): { ok: false; error: ErrorBody } {
  return details ? { ok: false, error: { code, message, details } } : { ok: false, error: { code, message } };
}

/** Accepts a value only if it is a well-formed envelope. */
export function asEnvelope<T>(value: unknown): Envelope<T> {
  const v = value as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (v && typeof v === 'object') {
    if (v.ok === true) return { ok: true, data: v.data as T };
    if (v.ok === false && v.error && typeof v.error.code === 'string' && typeof v.error.message === 'string') {
      return { ok: false, error: v.error as ErrorBody };
    }
  }
  return failure('BAD_RESPONSE', FUNCTION_FAILED_MESSAGE);
}

/** What a person reads when storage security rules refuse an upload (production and local alike). */
export const STORAGE_REFUSED_MESSAGE = '没有权限保存到这个位置：文件只能上传到为您分配的位置，每个位置只能上传一次，已存证的文件不能覆盖。请返回上一页重新进入后再试。';

function fromCloudError(err: unknown): { ok: false; error: ErrorBody } {
  const e = (err ?? {}) as { errCode?: number; errMsg?: string };
  const details = { errCode: e.errCode, errMsg: e.errMsg };
  if (/STORAGE_EXCEED_AUTHORITY|permission denied|AccessDenied/i.test(String(e.errMsg ?? ''))) return failure('STORAGE_EXCEED_AUTHORITY', STORAGE_REFUSED_MESSAGE, details);
  return e.errCode !== undefined && FUNCTION_ERR_CODES.has(e.errCode)
    ? failure('FUNCTION_FAILED', FUNCTION_FAILED_MESSAGE, details)
    : failure('NETWORK', NETWORK_MESSAGE, details);
}

function devHeaders(): Record<string, string> {
  const persona = getDevPersona();
  return persona ? { 'X-Dev-Openid': persona.openid } : {};
}

/** Maps a gateway reply that is not a plain 200 to an envelope failure. */
function fromGatewayStatus(status: number, body: unknown): { ok: false; error: ErrorBody } {
  const envelope = asEnvelope<unknown>(body);
  if (!envelope.ok && envelope.error.code !== 'BAD_RESPONSE') return envelope;
  const b = (body ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  // The gateway says in Chinese what was wrong with a request it could not take (malformed, too deep).
  if (status === 400 && typeof b.message === 'string') return failure('BAD_REQUEST', b.message, { errCode: b.errCode, errMsg: b.errMsg });
  if (status === 502) return failure('FUNCTION_FAILED', FUNCTION_FAILED_MESSAGE, { errCode: b.errCode, errMsg: b.errMsg });
  if (status === 403) {
    return failure('GATEWAY_REFUSED', '本地开发网关未以本地模式运行，不接受开发身份', { errCode: b.errCode, errMsg: b.errMsg });
  }
  return failure('GATEWAY_ERROR', `本地开发网关返回异常（HTTP ${status}）`, { status });
}

type DataArgs<F extends FunctionName, A extends ActionName<F>> =
  Record<string, never> extends ActionInput<F, A> ? [data?: ActionInput<F, A>] : [data: ActionInput<F, A>];

/** Calls `name.action` and resolves to its envelope. */
export async function callFunction<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  ...args: DataArgs<F, A>
): Promise<Envelope<ActionOutput<F, A>>> {
  const event: FunctionEvent = { action, data: args[0] ?? {} };
  if (apiMode() === 'local') {
    const res = await gatewayRequest<unknown>('POST', `/functions/${encodeURIComponent(name)}`, { ...event }, devHeaders());
    if (!res.ok) return res;
    return res.status === 200 ? asEnvelope(res.data) : fromGatewayStatus(res.status, res.data);
  }
  try {
    const res = await wx.cloud.callFunction({ name, data: { ...event } });
    return asEnvelope(res.result);
  } catch (err) {
    return fromCloudError(err);
  }
}

function readLocalFile(filePath: string): Promise<ArrayBuffer | null> {
  return new Promise((resolve) => {
    wx.getFileSystemManager().readFile({
      filePath,
      success: (res) => resolve(res.data as ArrayBuffer),
      fail: () => resolve(null),
    });
  });
}

/** Uploads a local temp file to cloud storage; resolves to its `fileID`. */
export async function uploadFile(cloudPath: string, filePath: string): Promise<Envelope<{ fileID: string }>> {
  if (apiMode() === 'local') {
    const body = await readLocalFile(filePath);
    if (!body) return failure('FILE_UNREADABLE', '无法读取所选文件，请重新选择');
    const res = await gatewayRequest<{ fileID?: unknown }>(
      'POST',
      `/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
      body,
      { ...devHeaders(), 'content-type': 'application/octet-stream' },
    );
    if (!res.ok) return res;
    if (res.status !== 200) return fromGatewayStatus(res.status, res.data);
    return typeof res.data?.fileID === 'string'
      ? { ok: true, data: { fileID: res.data.fileID } }
      : failure('BAD_RESPONSE', FUNCTION_FAILED_MESSAGE);
  }
  try {
    const res = await wx.cloud.uploadFile({ cloudPath, filePath });
    return { ok: true, data: { fileID: res.fileID } };
  } catch (err) {
    return fromCloudError(err);
  }
}

export interface TempFileURL {
  fileID: string;
  tempFileURL: string;
}

/** Temporary download URLs for stored files (same order as asked). */
export async function getTempFileURL(fileIDs: string[]): Promise<Envelope<TempFileURL[]>> {
  if (fileIDs.length === 0) return { ok: true, data: [] };
  if (apiMode() === 'local') {
    const res = await gatewayRequest<{ fileList?: TempFileURL[] }>('POST', '/storage/temp-urls', { fileList: fileIDs }, devHeaders());
    if (!res.ok) return res;
    if (res.status !== 200) return fromGatewayStatus(res.status, res.data);
    return Array.isArray(res.data?.fileList)
      ? { ok: true, data: res.data.fileList.map((f) => ({ fileID: f.fileID, tempFileURL: f.tempFileURL })) }
      : failure('BAD_RESPONSE', FUNCTION_FAILED_MESSAGE);
  }
  try {
    const res = await wx.cloud.getTempFileURL({ fileList: fileIDs });
    return { ok: true, data: res.fileList.map((f) => ({ fileID: f.fileID, tempFileURL: f.tempFileURL })) };
  } catch (err) {
    return fromCloudError(err);
  }
}
