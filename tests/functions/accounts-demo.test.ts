/**
 * The demo seed: one persona per role, each acting as its role; and after the seed plus accounts
 * work that handles phone and ID numbers, no plaintext of them anywhere in the stand-in's data
 * folder (database files, audit log, storage).
 * (The census-import half of the "no plaintext" acceptance test comes with the registry.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../cloudfunctions/_shared/access/roles';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import { DEV_PERSONAS } from '../../local/seed/local-collections';
import { seal } from '../../cloudfunctions/_shared/access/sealed';
import { DEMO_CHILD_IDS, DEMO_TOWNSHIP, DEMO_VILLAGE, personaOpenid } from '../../local/seed/personas';
import { startTestStack, type TestStack } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ functions: ['accounts'], demo: true });
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

test('one demo persona per role, each acting as that role', async () => {
  const personas = (await t.app.database().collection(DEV_PERSONAS).limit(100).get()).data as { key: string; openid: string; roles: string[] }[];
  expect(personas.map((p) => p.key).sort()).toEqual([...ROLES].sort());
  for (const p of personas) {
    expect(p.openid).toBe(personaOpenid(p.key as never));
    const me = await t.call<any>('accounts', 'me', {}, { openid: p.openid });
    expect(me.ok).toBe(true);
    if (!me.ok) continue;
    expect(me.data.roles.map((r: { role: string }) => r.role)).toEqual(p.key === 'public' ? [] : [p.key]);
    expect(me.data.activeRole).toBe(p.key);
  }
  expect(personaOpenid('villageOfficer')).toBe('demo-village-officer');
});

test('after the demo seed and accounts work, no plaintext phone or ID number is stored', async () => {
  const phone = '13912349876';
  const idNumber = '34172120160202456X';
  const guardianPhone = '13722223333';
  // The registry's demo seed already holds this child; replace it with known secrets to scan for.
  await t.app.database().collection(C.children).doc(DEMO_CHILD_IDS[0]).set({
    name: '陈小明',
    villageCode: DEMO_VILLAGE,
    townshipCode: DEMO_TOWNSHIP,
    idNumber: seal('child.idNumber', idNumber),
    guardians: [{ name: '陈建国', phone: seal('guardian.phone', guardianPhone) }],
  });
  const admin = personaOpenid('countyAdmin');
  const inv = await t.call<any>('accounts', 'createInvitation', { role: 'villageOfficer', scope: { kind: 'region', codes: [DEMO_VILLAGE] }, inviteeName: '新专干', inviteePhone: phone, requestId: 'req-demo-plaintext-1' }, { openid: admin });
  expect(inv.ok).toBe(true);
  const accepted = await t.call<any>('accounts', 'acceptInvitation', { code: inv.ok ? inv.data.code : '' }, { openid: 'o-new-officer' });
  expect(accepted.ok).toBe(true);
  const revealed = await t.call<any>('accounts', 'revealChildField', { childId: DEMO_CHILD_IDS[0], path: 'idNumber', reason: '核实身份信息' }, { openid: personaOpenid('villageOfficer') });
  expect(revealed).toMatchObject({ ok: true, data: { value: idNumber } });
  const corr = await t.call<any>('accounts', 'requestCorrection', { childId: DEMO_CHILD_IDS[0], kind: 'correct', proposedValue: guardianPhone, requestId: 'req-demo-plaintext-2' }, { openid: personaOpenid('parent') });
  expect(corr.ok).toBe(true);

  const files = allFiles(t.stack.dataDir).filter((f) => !f.includes(`${join('keys', '')}`));
  expect(files.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    for (const secret of [phone, idNumber, guardianPhone]) {
      if (bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(secret, 'utf16le'))) leaks.push(`${f}: ${secret}`);
    }
  }
  expect(leaks).toEqual([]);
  // Control: the scan does see stored text (the person's name is stored in plain).
  expect(files.some((f) => readFileSync(f).includes(Buffer.from('新专干', 'utf8')))).toBe(true);
  // The data is really there (encrypted): the stored person has a sealed phone.
  const people = (await t.app.database().collection(C.persons).where({ name: '新专干' }).get()).data;
  expect(people[0].phone.m).toBe('139****9876');
});
