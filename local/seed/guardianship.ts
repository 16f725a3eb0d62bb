/**
 * Demo seed step for guardianship, through the function's own flow (the stand-in invoker, as the
 * demo personas):
 * - the county's confirmation template, version 1 (the built-in text);
 * - a confirmation for `demo-child-1` prepared by the village officer persona and signed by the
 *   father persona (陈建国) only, so the grandmother persona (刘桂兰) and the officer still have it
 *   to sign (their to-dos are in 我的);
 * - an open guardianship order for one demo child whose file says "no guardian" (the registry
 *   demo step's invented children; preferring the personas' township so the township staff and
 *   police personas see it).
 * Signature images are invented scribbles drawn here.
 */
import { deflateSync } from 'node:zlib';
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import type { SeedInvoke } from './articles';
import { DEMO_CHILD_IDS, DEMO_COUNTY, DEMO_TOWNSHIP, DEMO_VILLAGE, personaOpenid } from './personas';
import type { RoleName } from '../../cloudfunctions/_shared/access/roles';

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A white greyscale PNG with a dark wavy line: an invented "signature". */
export function scribblePng(width = 600, height = 240): Buffer {
  const px = Buffer.alloc(width * height, 255);
  for (let x = 40; x < width - 40; x++) {
    const y = Math.round(height / 2 + Math.sin(x / 23) * height * 0.22 + Math.sin(x / 7) * 6);
    for (let dy = -2; dy <= 2; dy++) px[(y + dy) * width + x] = 30;
  }
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) px.copy(rows, y * (width + 1) + 1, y * width, (y + 1) * width);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Seed step.
 * @returns a one-line summary for the start banner
 */
export async function seedGuardianship(app: CloudApp, invoke: SeedInvoke | undefined): Promise<string> {
  if (!invoke) return '监护：跳过（无函数调用器）';
  const call = async <T = Record<string, any>>(action: string, data: unknown, role: RoleName): Promise<T> => {
    const r = await invoke('guardianship', { action, data }, { openid: personaOpenid(role), source: 'wx_client' });
    if (!r.ok) throw Object.assign(new Error(`guardianship.${action}: ${r.code} ${r.message}`), { code: r.code });
    const env = r.result as { ok: boolean; data?: T; error?: { code: string; message: string } };
    if (!env.ok) throw new Error(`guardianship.${action}: ${env.error?.code} ${env.error?.message}`);
    return env.data as T;
  };

  let tpl: Record<string, any>;
  try {
    tpl = await call('getTemplate', {}, 'villageOfficer');
  } catch (err) {
    if ((err as { code?: string }).code === 'FUNCTION_NOT_FOUND') return '监护：跳过（guardianship 函数未构建）';
    throw err;
  }
  const { confirmation } = await call('prepareConfirmation', { childId: DEMO_CHILD_IDS[0], requestId: 'demo-confirmation-1' }, 'villageOfficer');
  // Into the one-time slot the sign page would ask for (guardianship.signingSlot), as the parent.
  const { slots } = await call<{ slots: { cloudPath: string }[] }>('signingSlot', { confirmationId: confirmation.id, party: 'father' }, 'parent');
  const { fileID } = (await app.uploadFile({ cloudPath: slots[0].cloudPath, fileContent: scribblePng() })) as { fileID: string };
  const signed = await call('signConfirmation', { confirmationId: confirmation.id, party: 'father', signature: { fileID, strokes: 2, width: 600, height: 240 }, textSha256: confirmation.textSha256 }, 'parent');

  // One child without a guardian: prefer the personas' village, then their township, then the county.
  const db = app.database();
  let orderNote = '无“无人监护”的演示儿童，未开启责令';
  for (const [where, role] of [
    [{ villageCode: DEMO_VILLAGE }, 'villageOfficer'],
    [{ townshipCode: DEMO_TOWNSHIP }, 'townshipStaff'],
    [{ countyCode: DEMO_COUNTY }, 'countyAdmin'],
  ] as const) {
    const res = await db.collection('children').where({ ...where, guardianshipType: 'none', status: 'active' }).orderBy('_id', 'asc').limit(1).get();
    const child = ((res.data ?? []) as { _id: string }[])[0];
    if (!child) continue;
    const r = await call<{ action: string; orderId?: string }>('recheckOrder', { childId: child._id }, role);
    orderNote = `监护责令 ${r.orderId}（儿童 ${child._id}）`;
    break;
  }
  const waiting = signed.parties.filter((p: { signed: boolean }) => !p.signed).length;
  return `guardianship: 确认书模板第${tpl.version}版；${DEMO_CHILD_IDS[0]} 的确认书父亲已签、待 ${waiting} 方签署；${orderNote}`;
}
