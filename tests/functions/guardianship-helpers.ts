/**
 * Shared setup for the guardianship function tests: a tiny PNG encoder (signature images of a
 * given size), a world with one village, a child without a guardian, and personas (village
 * officer, the child's father, the entrusted grandmother, township staff, police, county admin,
 * and a parent of another child). Everyone is invented.
 */
import { deflateSync } from 'node:zlib';
import type { TestStack } from '../helpers/stack';
import { insert, makePersona, SIDES, type Persona } from '../helpers/access-world';
import { seal } from '../../cloudfunctions/_shared/access/sealed';
import type { RoleName } from '../../cloudfunctions/_shared/access/roles';
import { uploadToSlot } from '../helpers/uploads';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A greyscale PNG of `width`×`height`: white, with a dark diagonal "stroke" whose position `seed`
 * varies (so two images differ).
 */
export function makePng(width: number, height: number, seed = 0): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1, 255);
    row[0] = 0;
    const x = Math.floor(((y + seed) * width) / height) % width;
    for (let dx = 0; dx < 3 && x + dx < width; dx++) row[1 + x + dx] = 20;
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

export const SIDE = SIDES.in;
export const FATHER = '陈建业';
export const MOTHER = '王秀英';
export const GRANDMA = '陈桂芳';
export const CHILD_ID = 'g-child-1';
export const OTHER_CHILD_ID = 'g-child-2';

/** A child file with parents and an entrusted guardian named, guardianship type `none`. */
export function guardianshipChild(id = CHILD_ID, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _id: id,
    countyCode: SIDE.countyCode,
    townshipCode: SIDE.townshipCode,
    villageCode: SIDE.villageCode,
    name: '陈小雨',
    gender: 'female',
    birthDate: '2016-05-01',
    school: '尧渡中心小学三年级',
    schooling: 'primary',
    father: { name: FATHER, workPlace: '浙江省宁波市', phone: seal('guardian.phone', '13800001111') },
    mother: { name: MOTHER, workPlace: '江苏省苏州市' },
    entrusted: { name: GRANDMA, relationToChild: '祖母', phone: seal('guardian.phone', '13900002222') },
    hasEntrustedGuardian: true,
    guardianshipType: 'none',
    status: 'active',
    version: 1,
    ...extra,
  };
}

export interface GWorld {
  officer: Persona;
  father: Persona;
  grandma: Persona;
  township: Persona;
  police: Persona;
  admin: Persona;
  otherParent: Persona;
}

async function named(t: TestStack, role: RoleName, name: string, childIds?: string[]): Promise<Persona> {
  const p = await makePersona(t.app, role, SIDE, childIds ? { scope: { kind: 'children', childIds } } : {});
  if (p.personId) await t.app.database().collection('persons').doc(p.personId).update({ name });
  return p;
}

/** Regions, the two children and the personas. */
export async function seedGuardianshipWorld(t: TestStack, childExtra: Record<string, unknown> = {}): Promise<GWorld> {
  await insert(t.app, 'regions', { _id: SIDE.villageCode, name: '团结社区', level: 'village', parentCode: SIDE.townshipCode, ancestors: [SIDE.countyCode, SIDE.townshipCode] });
  await insert(t.app, 'children', guardianshipChild(CHILD_ID, childExtra));
  await insert(t.app, 'children', guardianshipChild(OTHER_CHILD_ID, { name: '李小明', father: { name: '李大伟' }, mother: { name: '张丽' }, entrusted: undefined, guardianshipType: 'good' }));
  return {
    officer: await named(t, 'villageOfficer', '王晓明'),
    father: await named(t, 'parent', FATHER, [CHILD_ID]),
    grandma: await named(t, 'entrustedGuardian', GRANDMA, [CHILD_ID]),
    township: await named(t, 'townshipStaff', '李卫东'),
    police: await named(t, 'police', '赵志强'),
    admin: await named(t, 'countyAdmin', '蒋海燕'),
    otherParent: await named(t, 'parent', '李大伟', [OTHER_CHILD_ID]),
  };
}

/**
 * Uploads a signature PNG into the slot `guardianship.signingSlot` hands `openid` for this line
 * (as the sign page does) and returns the `signature` input of a sign call.
 */
export async function uploadSignature(
  t: TestStack,
  openid: string,
  slot: { confirmationId: string; party: string },
  width = 600,
  height = 240,
  seed = 1,
): Promise<{ fileID: string; strokes: number; width: number; height: number }> {
  const fileID = await uploadToSlot(t, { fn: 'guardianship', action: 'signingSlot', input: { ...slot, what: 'signature' }, openid }, makePng(width, height, seed));
  return { fileID, strokes: 3, width, height };
}

/**
 * Uploads any bytes into a signing slot `openid` is handed for this line (a photo: `what` photo;
 * a file that is not a PNG: `what` signature).
 */
export async function uploadOwn(t: TestStack, openid: string, slot: { confirmationId: string; party: string; what?: 'signature' | 'photo' }, bytes: Buffer): Promise<string> {
  return uploadToSlot(t, { fn: 'guardianship', action: 'signingSlot', input: { what: 'signature', ...slot }, openid }, bytes);
}
