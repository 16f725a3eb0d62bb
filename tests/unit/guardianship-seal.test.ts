/**
 * Tamper evidence of confirmations (cloudfunctions/guardianship/src/seal.ts) with the real
 * `canonicalize` package (RFC 8785). The package is an ES module the CommonJS test runner cannot
 * require, so its file is evaluated here as it ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeSeal, checkSeal, sealPayload, verificationCode, type Canonicalizer } from '../../cloudfunctions/guardianship/src/seal';
import { generateDataKey, DATA_KEY_ENV, PREVIOUS_KEYS_ENV } from '../../cloudfunctions/_shared/crypto';
import type { ConfirmationDoc } from '../../cloudfunctions/_shared/contracts/guardianship';

const src = readFileSync(join(__dirname, '../../node_modules/canonicalize/lib/canonicalize.js'), 'utf8');
const jcs = new Function(`${src.replace('export default function canonicalize', 'function canonicalize')}\nreturn canonicalize;`)() as Canonicalizer;

const KEY_A = generateDataKey();
const KEY_B = generateDataKey();

beforeEach(() => {
  process.env[DATA_KEY_ENV] = KEY_A;
  delete process.env[PREVIOUS_KEYS_ENV];
});

function doc(): ConfirmationDoc {
  return {
    _id: 'conf_1',
    childId: 'c1',
    countyCode: '341721',
    townshipCode: '341721100',
    villageCode: '341721100001',
    templateId: '341721-v1',
    templateVersion: 1,
    title: '农村留守儿童监护责任确认书',
    text: '儿童：陈小雨……各方已阅读并理解上述内容，自愿签署。',
    parties: [
      { key: 'father', name: '陈建业' },
      { key: 'entrusted', name: '陈桂芳', relation: '祖母' },
      { key: 'village', name: '团结社区村（居）民委员会' },
    ],
    signatures: {
      village: { party: 'village', personId: 'p-officer', role: 'villageOfficer', fileID: 'cloud://e/v.png', imageSha256: 'c'.repeat(64), strokes: 2, width: 600, height: 240, signedAt: new Date('2026-03-02T03:00:00Z') },
      father: { party: 'father', personId: 'p-father', role: 'parent', fileID: 'cloud://e/f.png', imageSha256: 'a'.repeat(64), strokes: 3, width: 600, height: 240, signedAt: new Date('2026-03-02T02:00:00Z') },
    },
    status: 'pending',
    preparedBy: 'p-officer',
    preparedAt: new Date('2026-03-02T01:00:00Z'),
    requestId: 'req-1',
  };
}

describe('RFC 8785 canonical JSON', () => {
  test('the package gives the RFC 8785 §3.2.2 sample output', () => {
    const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
    expect(jcs(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });
  test('the sealed payload lists signatures in party order with times as ISO instants', () => {
    const text = jcs(sealPayload(doc()))!;
    expect(text.indexOf('"party":"father"')).toBeLessThan(text.indexOf('"party":"village"'));
    expect(text).toContain('"signedAt":"2026-03-02T02:00:00.000Z"');
    expect(text).toContain('"imageSha256":"' + 'a'.repeat(64) + '"');
    expect(text).not.toContain('inForceAt'); // absent members are left out, not null
  });
});

describe('seal', () => {
  test('a fresh seal verifies; its code is 16 hex digits in groups of four', async () => {
    const d = doc();
    d.seal = await computeSeal(d, new Date('2026-03-02T03:00:01Z'), jcs);
    expect(d.seal).toMatchObject({ alg: 'HMAC-SHA256', canon: 'JCS', signatures: 2 });
    expect(await checkSeal(d, jcs)).toEqual([]);
    expect(verificationCode(d.seal.mac)).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  });

  const edits: [string, (d: ConfirmationDoc) => void][] = [
    ['text', (d) => (d.text += '。')],
    ['party name', (d) => (d.parties[1].name = '张三')],
    ['party relation', (d) => (d.parties[1].relation = '外祖母')],
    ['signature image hash', (d) => (d.signatures.father!.imageSha256 = 'b'.repeat(64))],
    ['signature file', (d) => (d.signatures.father!.fileID = 'cloud://e/other.png')],
    ['signature time', (d) => (d.signatures.father!.signedAt = new Date('2026-03-01T02:00:00Z'))],
    ['prepared time', (d) => (d.preparedAt = new Date('2026-03-01T01:00:00Z'))],
    ['signer', (d) => (d.signatures.father!.personId = 'p-someone')],
    ['template version', (d) => (d.templateVersion = 2)],
    ['a signature removed', (d) => delete d.signatures.village],
  ];
  test.each(edits)('changing the %s breaks the seal', async (_n, edit) => {
    const d = doc();
    d.seal = await computeSeal(d, new Date(), jcs);
    edit(d);
    expect((await checkSeal(d, jcs)).length).toBeGreaterThan(0);
  });

  test('after a key rotation old seals verify while the old key is listed as previous, and not after', async () => {
    const d = doc();
    d.seal = await computeSeal(d, new Date(), jcs);
    process.env[DATA_KEY_ENV] = KEY_B;
    process.env[PREVIOUS_KEYS_ENV] = KEY_A;
    expect(await checkSeal(d, jcs)).toEqual([]);
    delete process.env[PREVIOUS_KEYS_ENV];
    expect(await checkSeal(d, jcs)).toEqual(['签章密钥不可用，无法核验']);
  });

  test('a seal made with another key does not verify', async () => {
    const d = doc();
    process.env[DATA_KEY_ENV] = KEY_B;
    const other = await computeSeal(d, new Date(), jcs);
    process.env[DATA_KEY_ENV] = KEY_A;
    const mine = await computeSeal(d, new Date(), jcs);
    d.seal = { ...mine, mac: other.mac };
    expect((await checkSeal(d, jcs)).length).toBe(1);
  });
});
