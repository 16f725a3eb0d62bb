/**
 * Storage security rules, proved on the stand-in: the deploy applies
 * cloudfunctions/_shared/security/storage.rules.json (the production file), the dev gateway sends
 * the mini-program's uploads through the stand-in's client path as the persona, and the stand-in
 * evaluates that file plus the write-once prefixes and the upload slots functions handed out. Also the direct storage URL (a PUT without an
 * upload token) and the deploy plan.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computePlan, describeStep, desiredState, STORAGE_RULES_FILE } from '../../scripts/deploy/plan';
import { CLIENT_UPLOADS, uploadFolderPrefix } from '../../cloudfunctions/_shared/security/storage';
import { compileStorageRules } from '../../local/standin/storage-rules';
import { UPLOAD_PREFIXES } from '../../miniprogram/services/upload-paths';
import { startTestStack, type TestStack } from '../helpers/stack';
import { insertSlot } from '../helpers/uploads';

let t: TestStack;
let gw: string;

beforeAll(async () => {
  t = await startTestStack({ functions: ['system'], gateway: true });
  gw = t.stack.gatewayUrl!;
}, 60_000);
afterAll(async () => t?.stop());

const ALICE = 'o-alice';
const BOB = 'o-bob';

async function upload(cloudPath: string, openid: string | undefined, body = Buffer.from('bytes')): Promise<{ status: number; json: any }> {
  const res = await fetch(`${gw}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', body, headers: openid ? { 'X-Dev-Openid': openid } : {} });
  return { status: res.status, json: await res.json() };
}
/** A slot handed to `openid` (as a slot action records it). */
const slot = (openid: string, rest = '.png', purpose: keyof typeof CLIENT_UPLOADS = 'signature', opts: { expiresInMs?: number } = {}) => insertSlot(t, purpose, openid, rest, opts);
const fileIdOf = (path: string) => `cloud://shouwang-local.standin-1250000000/${path}`;

describe('client uploads (dev gateway → stand-in, the production rules file + the slot table)', () => {
  test('a persona uploads into a slot handed to them, for each purpose a page uses', async () => {
    expect((await upload(await slot(ALICE, '.png'), ALICE)).status).toBe(200);
    expect((await upload(await slot(ALICE, '/花名册.xlsx', 'censusRoster'), ALICE)).status).toBe(200);
    expect((await upload(await slot(ALICE, '.jpg', 'articleCover'), ALICE)).status).toBe(200);
    expect((await upload(await slot(ALICE, '.jpg', 'supervisionPhoto'), ALICE)).status).toBe(200);
    expect((await upload(await slot(ALICE, '.jpg', 'visitPhoto'), ALICE)).status).toBe(200);
  });

  test('an upload without an identity is refused with 请先登录 and a stable code', async () => {
    const r = await upload(await slot(ALICE), undefined);
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(r.json.error.message).toMatch(/^请先登录/);
  });

  test('a path in the own folder that no function handed out, an expired slot, or a slot filled once is refused', async () => {
    const made = await slot(ALICE, '.png');
    // Same folder, a slot id nobody was given.
    const guessed = made.replace(/[0-9a-f]{24}\.png$/, `${'0'.repeat(24)}.png`);
    expect((await upload(guessed, ALICE)).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    // A handed-out slot with another name after it.
    expect((await upload(made.replace(/\.png$/, '.jpg'), ALICE)).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect((await upload(await slot(ALICE, '.png', 'signature', { expiresInMs: -1000 }), ALICE)).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    const roster = await slot(ALICE, '/名册.xlsx', 'censusRoster');
    expect((await upload(roster, ALICE, Buffer.from('v1'))).status).toBe(200);
    expect((await upload(roster, ALICE, Buffer.from('v2'))).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect(((await t.app.downloadFile({ fileID: fileIdOf(roster) })) as { fileContent: Buffer }).fileContent.toString()).toBe('v1');
  });

  test.each([
    ['a generated PDF', 'guardianship/pdf/conf_1-abc-inForce.pdf'],
    ['an evidence copy', 'evidence/signatures/conf_1/father-x.png'],
    ['a path outside the upload prefixes', 'exports/summary.xlsx'],
    ['a signature outside any folder', 'signatures/conf_1/father-1.png'],
    ['a visit photo outside any folder', 'visits/abc/1.jpg'],
  ])('%s is never client-writable', async (_what, cloudPath) => {
    expect((await upload(cloudPath, ALICE)).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect((await upload(cloudPath, undefined)).json.error?.code).toBe('UNAUTHENTICATED');
  });

  test('a signed signature cannot be overwritten or deleted — not by someone else, not by its own uploader', async () => {
    const path = await slot(ALICE, '.png');
    expect((await upload(path, ALICE, Buffer.from('alice'))).status).toBe(200);
    expect((await upload(path, BOB, Buffer.from('bob'))).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    expect((await upload(path, ALICE, Buffer.from('alice again'))).json.error?.code).toBe('STORAGE_EXCEED_AUTHORITY');
    const fileID = fileIdOf(path);
    const del = await fetch(`${t.stack.standinUrl}/__client/storage/delete`, { method: 'POST', body: JSON.stringify({ openid: ALICE, fileList: [fileID] }) });
    expect(((await del.json()) as any).data.fileList).toEqual([{ fileID, code: 'STORAGE_EXCEED_AUTHORITY' }]);
    const dl = (await t.app.downloadFile({ fileID })) as { fileContent: Buffer };
    expect(dl.fileContent.toString()).toBe('alice');
  });

  test('reads follow the rules: the uploader reads their roster, another persona does not', async () => {
    const path = await slot(ALICE, '/名册.xlsx', 'censusRoster');
    expect((await upload(path, ALICE, Buffer.from('v1'))).status).toBe(200);
    const read = async (openid: string) =>
      ((await (await fetch(`${gw}/storage/temp-urls`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid }, body: JSON.stringify({ fileList: [fileIdOf(path)] }) })).json()) as any).fileList[0];
    expect(await read(ALICE)).toMatchObject({ status: 0 });
    expect(await read(BOB)).toMatchObject({ status: -1, errMsg: 'STORAGE_EXCEED_AUTHORITY', tempFileURL: '' });
  });

  test('the storage URL refuses a PUT that no upload token covers', async () => {
    const path = await slot(ALICE, '.png');
    const res = await fetch(`${t.stack.standinUrl}/__storage/shouwang-local/${path.split('/').map(encodeURIComponent).join('/')}`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('AccessDenied');
  });
});

describe('the rules file', () => {
  const rules = compileStorageRules(JSON.parse(readFileSync(join(__dirname, '..', '..', STORAGE_RULES_FILE), 'utf8')));
  const folder = 'a'.repeat(20);
  const auth = { openid: ALICE };

  test('lets a client write exactly the purposes a page uploads, and the mini-program builds those paths', () => {
    const slotId = 'c'.repeat(24);
    const names = { signature: `${slotId}.png`, censusRoster: `${slotId}/名册.xlsx`, schoolRoll: `${slotId}/学籍名单.xlsx`, articleCover: `${slotId}.jpg`, visitPhoto: `${slotId}.jpg`, supervisionPhoto: `${slotId}.jpg`, dropoutDocument: `${slotId}.jpg`, homePhoto: `${slotId}.jpg` } as const;
    for (const [purpose, decl] of Object.entries(CLIENT_UPLOADS) as [keyof typeof CLIENT_UPLOADS, (typeof CLIENT_UPLOADS)[keyof typeof CLIENT_UPLOADS]][]) {
      const path = `${uploadFolderPrefix(purpose, folder)}${names[purpose]}`;
      expect([purpose, rules.allows('write', auth, { openid: ALICE, path })]).toEqual([purpose, decl.page]);
      if (decl.page) expect(UPLOAD_PREFIXES[purpose as keyof typeof UPLOAD_PREFIXES]).toBe(decl.prefix);
    }
    expect(Object.keys(UPLOAD_PREFIXES).sort()).toEqual(Object.entries(CLIENT_UPLOADS).filter(([, d]) => d.page).map(([k]) => k).sort());
  });

  test("refuses another owner's file, no identity, and a malformed folder", () => {
    const path = `signatures/${folder}/${'d'.repeat(24)}.png`;
    expect(rules.allows('write', auth, { openid: BOB, path })).toBe(false);
    expect(rules.allows('write', null, { openid: '', path })).toBe(false);
    expect(rules.allows('write', auth, { openid: ALICE, path: `signatures/${folder}x/x.png` })).toBe(false);
    expect(rules.allows('write', auth, { openid: ALICE, path: `signatures/${folder}/../x.png` })).toBe(false);
    expect(rules.allows('read', auth, { openid: BOB, path })).toBe(false);
    expect(rules.allows('read', auth, { openid: BOB, path: `articles/covers/${folder}/c.jpg` })).toBe(true);
    // Only the shape of a slot (a 24-hex id right after the folder) is writable in production.
    expect(rules.allows('write', auth, { openid: ALICE, path: `signatures/${folder}/conf_1-father-x.png` })).toBe(false);
  });

  test('a rule the stand-in cannot read fails loudly', () => {
    expect(() => compileStorageRules({ write: 'auth.openid == ' })).toThrow(/规则表达式/);
    expect(() => compileStorageRules({ write: 'request.auth != null' })).toThrow(/未知变量/);
    expect(() => compileStorageRules({ delete: true })).toThrow(/read 和 write/);
  });
});

describe('deploy', () => {
  test('the plan applies the storage rules file, and `npm run deploy -- --dry-run` shows it', () => {
    const desired = desiredState({ root: join(__dirname, '..', '..') });
    const steps = computePlan(desired, { collections: [], storageRules: null, functions: [] });
    const step = steps.find((s) => s.kind === 'setStorageRules');
    expect(step).toEqual({ kind: 'setStorageRules', rules: JSON.parse(readFileSync(join(__dirname, '..', '..', STORAGE_RULES_FILE), 'utf8')) });
    const out = execFileSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/deploy/index.ts', '--dry-run'], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });
    expect(out).toContain(describeStep(step!));
  });
});
