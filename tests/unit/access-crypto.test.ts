import { DATA_KEY_ENV, PREVIOUS_KEYS_ENV, assertDataKeyConfigured, decryptText, encryptText, generateDataKey, isCiphertext, keyringFromEnv, lookupHash } from '../../cloudfunctions/_shared/crypto';
import { lookupKeyFor, presentDoc, presentSealed, seal, unseal } from '../../cloudfunctions/_shared/access/sealed';

const saved = { ...process.env };
afterEach(() => {
  process.env[DATA_KEY_ENV] = saved[DATA_KEY_ENV];
  process.env[PREVIOUS_KEYS_ENV] = saved[PREVIOUS_KEYS_ENV];
  if (saved[DATA_KEY_ENV] === undefined) delete process.env[DATA_KEY_ENV];
  if (saved[PREVIOUS_KEYS_ENV] === undefined) delete process.env[PREVIOUS_KEYS_ENV];
});
beforeEach(() => {
  process.env[DATA_KEY_ENV] = generateDataKey();
  delete process.env[PREVIOUS_KEYS_ENV];
});

describe('AES-256-GCM field encryption', () => {
  test('round trip; a fresh IV each time; no plaintext in the token', () => {
    const a = encryptText('13812345678', 'guardian.phone');
    const b = encryptText('13812345678', 'guardian.phone');
    expect(a).not.toBe(b);
    expect(isCiphertext(a)).toBe(true);
    expect(a).not.toContain('13812345678');
    expect(decryptText(a, 'guardian.phone')).toBe('13812345678');
  });
  test('tampering, a different field (AAD) or another key fail', () => {
    const a = encryptText('34172120150101123X', 'child.idNumber');
    expect(() => decryptText(a, 'guardian.idNumber')).toThrow();
    const parts = a.split(':');
    parts[4] = Buffer.from('x'.repeat(18)).toString('base64url');
    expect(() => decryptText(parts.join(':'), 'child.idNumber')).toThrow();
    process.env[DATA_KEY_ENV] = generateDataKey();
    expect(() => decryptText(a, 'child.idNumber')).toThrow(/unknown data key/);
  });
  test('rotation: old ciphertexts still read with the previous key listed', () => {
    const old = process.env[DATA_KEY_ENV]!;
    const a = encryptText('x', 'f');
    process.env[DATA_KEY_ENV] = generateDataKey();
    process.env[PREVIOUS_KEYS_ENV] = old;
    expect(decryptText(a, 'f')).toBe('x');
  });
  test('refuses to run without a valid key', () => {
    delete process.env[DATA_KEY_ENV];
    expect(() => assertDataKeyConfigured()).toThrow(/SHOUWANG_DATA_KEY/);
    expect(() => encryptText('x')).toThrow(/SHOUWANG_DATA_KEY/);
    expect(() => keyringFromEnv({ [DATA_KEY_ENV]: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
  });
});

describe('keyed lookup hashes', () => {
  test('normalised, kind-separated, key-dependent', () => {
    expect(lookupKeyFor('guardian.phone', '+86 138-1234-5678')).toBe(lookupKeyFor('person.phone', '13812345678'));
    expect(lookupKeyFor('child.idNumber', '34172120150101123x')).toBe(lookupKeyFor('guardian.idNumber', '34172120150101123X'));
    // Typed on a Chinese keyboard: full-width digits, Ｘ and ideographic spaces find the same file.
    expect(lookupKeyFor('child.idNumber', '３４１７２１２０１５０１０１１２３Ｘ')).toBe(lookupKeyFor('child.idNumber', '34172120150101123X'));
    expect(lookupKeyFor('guardian.phone', '１３８\u3000１２３４\u3000５６７８')).toBe(lookupKeyFor('guardian.phone', '13812345678'));
    expect(lookupHash('phone', '13812345678')).not.toBe(lookupHash('idNumber', '13812345678'));
    const h = lookupHash('phone', '13812345678');
    process.env[DATA_KEY_ENV] = generateDataKey();
    expect(lookupHash('phone', '13812345678')).not.toBe(h);
  });
});

describe('sealed values and presentation', () => {
  const doc = () => ({
    _id: 'c1',
    name: '王小明',
    idNumber: seal('child.idNumber', '34172120150101123X'),
    guardians: [{ name: '王大山', phone: seal('guardian.phone', '13812345678') }],
  });
  test('a sealed value holds ciphertext, hash and masked form, never plaintext', () => {
    const s = seal('guardian.phone', '138 1234 5678');
    expect(JSON.stringify(s)).not.toContain('12345678');
    expect(s.m).toBe('138****5678');
    expect(unseal(s)).toBe('13812345678');
  });
  test('presentDoc applies each role’s column', () => {
    const fields = { name: 'child.name', 'guardians.*.name': 'guardian.name' } as const;
    expect(presentDoc(doc(), 'countyAdmin', fields)).toEqual({ _id: 'c1', name: '王小明', idNumber: '3417**********123X', guardians: [{ name: '王大山', phone: '138****5678' }] });
    expect(presentDoc(doc(), 'parent', fields)).toEqual({ _id: 'c1', name: '王小明', idNumber: '3417**********123X', guardians: [{ name: '王大山', phone: '13812345678' }] });
    expect(presentDoc(doc(), 'teacher', fields)).toEqual({ _id: 'c1', name: '王小明', guardians: [{ name: '王大山', phone: '138****5678' }] });
    expect(presentDoc(doc(), 'helplineAgent', fields)).toEqual({ _id: 'c1', name: '王*明', guardians: [{}] });
    expect(presentDoc(doc(), 'public', fields)).toEqual({ _id: 'c1', guardians: [{}] });
    expect(presentSealed(undefined, 'countyAdmin')).toBeUndefined();
  });
});
