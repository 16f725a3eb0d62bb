/**
 * `npm start -- --no-demo` on an empty data folder: the banner shows a one-time setup code; the
 * first WeChat user who enters it in the mini-program (accounts.acceptInvitation through the dev
 * gateway) becomes the county admin; nobody can use it again; a restart no longer prints one.
 *
 * Uses `launchLocal` from local/start.ts (what `npm start` runs, minus the mini-program env switch
 * and signal handlers) on free ports and a temporary data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { launchLocal, type Launched } from '../../local/start';

const FREE_PORTS = { standin: 0, gateway: 0, wechat: 0 };
let dataDir: string;
let buildDir: string;
let launched: Launched | undefined;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'shouwang-setup-build-'));
  await buildFunctions({ only: ['accounts'], outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false, minify: false });
}, 120_000);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'shouwang-setup-data-'));
});

afterEach(async () => {
  await launched?.stack.stop();
  launched = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

const launch = async (demo = false) => {
  launched = await launchLocal({ dataDir, demo, ports: FREE_PORTS, functionsDir: buildDir });
  return launched;
};

/** What the mini-program does in local mode: POST /functions/accounts as the given WeChat user. */
async function accounts(action: string, data: unknown, openid: string): Promise<any> {
  const res = await fetch(`${launched!.stack.gatewayUrl}/functions/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Dev-Openid': openid },
    body: JSON.stringify({ action, data }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

it('prints a setup code that makes its first user the county admin, exactly once', async () => {
  const { setup, banner } = await launch();
  expect(setup?.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{6}$/);
  const text = banner.join('\n');
  expect(text).toContain('尚无县管理员');
  expect(text).toContain(setup!.code);
  expect(text).toContain('WeChat stand-in');

  // Before: an ordinary WeChat user with no role.
  expect(await accounts('me', {}, 'o-first-admin')).toMatchObject({ ok: true, data: { activeRole: 'public', roles: [] } });

  // Typed the way a person might: lower case, without the dash.
  const accepted = await accounts('acceptInvitation', { code: setup!.code.replace('-', '').toLowerCase() }, 'o-first-admin');
  expect(accepted).toMatchObject({ ok: true, data: { role: 'countyAdmin', alreadyAccepted: false } });

  const me = await accounts('me', {}, 'o-first-admin');
  expect(me.ok).toBe(true);
  expect(me.data.activeRole).toBe('countyAdmin');
  expect(me.data.roles).toEqual([expect.objectContaining({ role: 'countyAdmin', roleLabel: expect.any(String) })]);
  // Without demo data the county's divisions are still there: its scope reads as a place name.
  expect(me.data.roles[0].scopeNames).toEqual(['东至县']);

  // Anyone else: the code is spent.
  const second = await accounts('acceptInvitation', { code: setup!.code }, 'o-someone-else');
  expect(second).toMatchObject({ ok: false, error: { code: 'INVITATION_USED', message: '邀请码已被使用' } });
  expect(await accounts('me', {}, 'o-someone-else')).toMatchObject({ ok: true, data: { roles: [] } });
  // The same admin retrying (e.g. a double tap) is told it already worked, not given a second binding.
  expect(await accounts('acceptInvitation', { code: setup!.code }, 'o-first-admin')).toMatchObject({ ok: true, data: { alreadyAccepted: true } });
  expect((await accounts('me', {}, 'o-first-admin')).data.roles).toHaveLength(1);
}, 60_000);

it('re-shows the same unused code after a restart, and prints none once a county admin exists', async () => {
  const first = (await launch()).setup!;
  await launched!.stack.stop();

  const again = await launch();
  expect(again.setup?.code).toBe(first.code);
  expect(await accounts('acceptInvitation', { code: first.code }, 'o-first-admin')).toMatchObject({ ok: true, data: { role: 'countyAdmin' } });
  await launched!.stack.stop();

  const third = await launch();
  expect(third.setup).toBeUndefined();
  expect(third.banner.join('\n')).not.toContain('初始化码');
}, 90_000);
