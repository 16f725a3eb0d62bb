/**
 * The demo personas, end to end the way the mini-program's local mode uses them: the persona
 * picker lists `GET /personas`, and every call goes through the dev gateway over HTTP with the
 * picked persona's openid in `X-Dev-Openid`. Each persona's 我的 (`accounts.me`) shows its role,
 * the Chinese role label and, for region roles, the real place names of 东至县.
 * A stack not in local mode refuses the dev header, so nobody can claim an identity that way.
 */
import { ROLE_INFO, type RoleName } from '../../cloudfunctions/_shared/access/roles';
import { PERSONAS, personaOpenid } from '../../local/seed/personas';
import { startTestStack, type TestStack } from '../helpers/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts', 'system'], demo: true, gateway: true });
}, 120_000);
afterAll(async () => t?.stop());

async function callAs(gatewayUrl: string, openid: string | undefined, fn: string, action: string, data: unknown = {}) {
  const res = await fetch(`${gatewayUrl}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'X-Dev-Openid': openid } : {}) },
    body: JSON.stringify({ action, data }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

test('the persona picker lists one persona per role with an invented name', async () => {
  const res = await fetch(`${t.stack.gatewayUrl}/personas`);
  expect(res.status).toBe(200);
  const { personas } = (await res.json()) as { personas: { key: string; name: string; openid: string; roles: string[] }[] };
  expect(personas.map((p) => p.key).sort()).toEqual(PERSONAS.map((p) => p.key).sort());
  for (const p of personas) {
    expect(p.openid).toBe(personaOpenid(p.key as RoleName));
    expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
  }
});

test.each(PERSONAS.map((p) => [p.key, p] as const))('acting as the %s persona, 我的 shows that role', async (key, persona) => {
  const openid = personaOpenid(key);
  const who = await callAs(t.stack.gatewayUrl!, openid, 'system', 'whoami');
  expect(who).toMatchObject({ status: 200, body: { ok: true, data: { openid, source: 'wx_client' } } });

  const { status, body } = await callAs(t.stack.gatewayUrl!, openid, 'accounts', 'me');
  expect(status).toBe(200);
  expect(body.ok).toBe(true);
  expect(body.data.activeRole).toBe(key);
  if (key === 'public') {
    expect(body.data.roles).toEqual([]);
    return;
  }
  expect(body.data.name).toBe(persona.name);
  expect(body.data.roles).toEqual([expect.objectContaining({ role: key, roleLabel: ROLE_INFO[key].label })]);
  if (key === 'villageOfficer') expect(body.data.roles[0].scopeNames).toEqual(['团结社区']);
  if (key === 'townshipStaff') expect(body.data.roles[0].scopeNames).toEqual(['尧渡镇']);
  if (key === 'countyAdmin') expect(body.data.roles[0].scopeNames).toEqual(['东至县']);
});

test('a persona cannot switch to a role it does not hold', async () => {
  const officer = personaOpenid('villageOfficer');
  const denied = await callAs(t.stack.gatewayUrl!, officer, 'accounts', 'switchRole', { role: 'countyAdmin' });
  expect(denied.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '您没有该角色' } });
  expect((await callAs(t.stack.gatewayUrl!, officer, 'accounts', 'me')).body.data.activeRole).toBe('villageOfficer');
});

test('without local mode the gateway refuses X-Dev-Openid, so no one can act as a persona', async () => {
  const strict = await startTestStack({ functionsDir: t.stack.invoker.functionsDir, demo: true, gateway: true, localMode: false });
  try {
    const refused = await callAs(strict.stack.gatewayUrl!, personaOpenid('countyAdmin'), 'accounts', 'me');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ errCode: -401001 });
    // Without the header the call has no WeChat identity, and accounts says so.
    const anonymous = await callAs(strict.stack.gatewayUrl!, undefined, 'accounts', 'me');
    expect(anonymous).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
  } finally {
    await strict.stop();
  }
}, 60_000);
