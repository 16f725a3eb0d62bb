/**
 * The acting persona in local mode: the dev gateway's `GET /personas` lists invented demo people;
 * the one picked on the persona page is kept in storage and sent as `X-Dev-Openid` with every
 * call. Meaningless in cloud mode, where CloudBase injects the real WeChat identity.
 */
import type { Envelope } from '../contracts/index';
import { gatewayRequest } from './gateway';

export interface DevPersona {
  key: string;
  name: string;
  openid: string;
  roles: string[];
  description: string;
}

export const DEV_PERSONA_STORAGE_KEY = 'shouwang.devPersona';

function isPersona(value: unknown): value is DevPersona {
  const p = value as DevPersona | null;
  return !!p && typeof p === 'object' && typeof p.openid === 'string' && p.openid !== '' && typeof p.name === 'string';
}

/** The persona picked on this device, or null. */
export function getDevPersona(): DevPersona | null {
  try {
    const stored: unknown = wx.getStorageSync(DEV_PERSONA_STORAGE_KEY);
    return isPersona(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function setDevPersona(persona: DevPersona): void {
  wx.setStorageSync(DEV_PERSONA_STORAGE_KEY, persona);
}

export function clearDevPersona(): void {
  wx.removeStorageSync(DEV_PERSONA_STORAGE_KEY);
}

/** `GET /personas` from the dev gateway (`{ personas: [...] }`, or a bare array). */
export async function listDevPersonas(): Promise<Envelope<DevPersona[]>> {
  const res = await gatewayRequest<unknown>('GET', '/personas');
  if (!res.ok) return res;
  const body = res.data as { personas?: unknown } | unknown[] | null;
  const list = Array.isArray(body) ? body : body && Array.isArray(body.personas) ? body.personas : undefined;
  if (res.status !== 200 || !list) {
    return { ok: false, error: { code: 'BAD_RESPONSE', message: `本地开发网关返回异常（HTTP ${res.status}）` } };
  }
  return {
    ok: true,
    data: list.filter(isPersona).map((p) => ({
      key: String(p.key ?? p.openid),
      name: p.name,
      openid: p.openid,
      roles: Array.isArray(p.roles) ? p.roles : [],
      description: typeof p.description === 'string' ? p.description : '',
    })),
  };
}
