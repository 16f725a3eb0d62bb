/** Row validation on hand-written rows: every failed check reported, warnings, optional fields. */
import { validateRow, markDuplicates, createDedupeState } from '../../../cloudfunctions/registry/src/census';
import type { RosterRow } from '../../../cloudfunctions/registry/src/census';

const sheet = {
  sheet: '团结社区',
  village: { code: '341721100001', name: '团结社区' },
  township: { code: '341721100', name: '尧渡镇' },
  date1904: false,
};
const ctx = { file: '341721-尧渡镇-留守儿童花名册.xlsx', sheet, censusDate: '2026-09-30' };

function row(values: RosterRow['values'], n = 5): RosterRow {
  return { row: n, kind: 'child', values };
}

const good = {
  name: '吉𠮷',
  gender: '女',
  birthDate: '2015.9.8',
  idNumber: '34172120150908392x',
  group: '8组',
  parentsBothAway: '√',
  fatherName: '薛建',
  fatherPhone: '+86 13931675059',
  fatherIdNumber: '341721198010122315',
  motherPhone: '18935561701',
  caregiverName: '潘静佳',
  caregiverIdNumber: '341721661010115',
  guardianshipType: '监护情况一般',
  familyIncome: '种养殖业',
};

describe('validateRow', () => {
  it('accepts a good row and normalises it', () => {
    const r = validateRow(row(good), ctx);
    expect(r.outcome).toBe('accept');
    expect(r.normalized).toMatchObject({
      name: '吉𠮷', idNumber: '34172120150908392X', gender: 'female', birthDate: '2015-09-08', group: '8组',
      fatherPhone: '13931675059', fatherBirthDate: '1980-10-12', caregiverIdNumber: '341721196610101156',
      parentsBothAway: true, oneAwayOtherIncapable: false, hasEntrustedGuardian: true,
      guardianshipType: 'fair', familyIncome: ['farming'], villageCode: '341721100001', townshipCode: '341721100',
    });
    expect(r.partial).toBeUndefined();
  });

  it('reports every failed check, not just the first', () => {
    const r = validateRow(row({ ...good, name: ' ', gender: '男', birthDate: '2015-02-30', parentsBothAway: '' }), ctx);
    expect(r.outcome).toBe('reject');
    expect(r.reasons.sort()).toEqual(['DATE_INVALID', 'GENDER_MISMATCH', 'NOT_LEFT_BEHIND', 'REQUIRED_MISSING']);
    expect(r.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['name', 'birthDate', 'gender', 'parentsBothAway']));
    expect(r.partial).toMatchObject({ idNumber: '34172120150908392X', birthDate: '2015-09-08' });
    expect(r.normalized).toBeUndefined();
  });

  it('checks the birth date and sex a wrong check digit still encodes', () => {
    const r = validateRow(row({ ...good, idNumber: '341721201509083920', birthDate: '2015-09-09' }), ctx);
    expect(r.reasons.sort()).toEqual(['ID_BIRTH_MISMATCH', 'ID_CHECKSUM']);
  });

  it('rejects an ID typed as a number and a missing ID, ages from the birth-date column', () => {
    const numeric = validateRow(row({ ...good, idNumber: 341721201509083900, birthDate: '2009-01-01' }), ctx);
    expect(numeric.reasons.sort()).toEqual(['AGE_OUT_OF_RANGE', 'ID_FORMAT']);
    const missing = validateRow(row({ ...good, idNumber: null }), ctx);
    expect(missing.reasons).toEqual(['REQUIRED_MISSING']);
  });

  it('tells an impossible birth date in the ID, a wrong check digit and a truncated number apart', () => {
    const { birthDate: _b, ...noBirth } = good;
    const impossible = validateRow(row({ ...noBirth, idNumber: '341721201502303920' }), ctx);
    expect(impossible.reasons).toEqual(['ID_BIRTH_INVALID']);
    const checksum = validateRow(row({ ...noBirth, idNumber: '341721201509083920' }), ctx);
    expect(checksum.reasons).toEqual(['ID_CHECKSUM']);
    const truncated = validateRow(row({ ...noBirth, idNumber: 341721201509083900 }), ctx);
    expect(truncated.reasons).toContain('ID_FORMAT');
    const messages = [impossible, checksum, truncated].map((r) => r.issues.find((i) => i.field === 'idNumber')!.message);
    expect(new Set(messages).size).toBe(3);
    expect(messages[0]).toContain('出生日期');
    expect(messages[1]).toContain('校验位');
    expect(messages[2]).toContain('截断');
  });

  it('refuses an ID whose birth date lies after the import day, when the import says which day it is', () => {
    const future = { ...good, idNumber: '341721202609303920', birthDate: null };
    expect(validateRow(row(future), { ...ctx, today: '2026-09-29' }).reasons).toContain('ID_BIRTH_INVALID');
    expect(validateRow(row(future), { ...ctx, today: '2026-09-30' }).reasons).not.toContain('ID_BIRTH_INVALID');
  });

  it('keeps a historic region code with a warning and drops a relative name with digits with one', () => {
    const r = validateRow(row({ ...good, idNumber: '341421201509083923', fatherName: '薛建2' }), ctx);
    expect(r.outcome).toBe('accept');
    expect(r.warnings).toEqual(['ID_REGION_HISTORIC', 'RELATIVE_NAME_INVALID']);
    expect(r.normalized!.fatherName).toBeUndefined();
    const bad = validateRow(row({ ...good, name: '吉1' }), ctx);
    expect(bad.reasons).toEqual(['NAME_INVALID']);
  });

  it('derives birth date and sex from the ID when the columns are empty', () => {
    const { gender: _g, birthDate: _b, ...rest } = good;
    const r = validateRow(row(rest), ctx);
    expect(r.normalized).toMatchObject({ gender: 'female', birthDate: '2015-09-08' });
  });

  it('accepts one parent away with the other incapable, and flags both ticked', () => {
    const one = validateRow(row({ ...good, parentsBothAway: '', oneAwayOtherIncapable: '是', incapableParent: '父亲' }), ctx);
    expect(one.normalized).toMatchObject({ parentsBothAway: false, oneAwayOtherIncapable: true, incapableParent: 'father' });
    expect(one.missingOptional).toContain('motherWorkPlace');
    expect(one.missingOptional).not.toContain('fatherWorkPlace');
    const both = validateRow(row({ ...good, oneAwayOtherIncapable: '√' }), ctx);
    expect(both).toMatchObject({ outcome: 'accept', warnings: ['GUARDIANSHIP_CONFLICT'] });
  });

  it('accepts with warnings and does not store what it cannot read', () => {
    const r = validateRow(
      row({ ...good, fatherPhone: '1581199358', motherIdNumber: '34172119801126864', health: '一般般', boarding: '住', familyIncome: '打工收入、彩票', paternalGrandfatherBirthDate: '1950年' }),
      ctx,
    );
    expect(r.outcome).toBe('accept');
    expect(r.warnings.sort()).toEqual(['GUARDIAN_DATE_INVALID', 'GUARDIAN_ID_INVALID', 'PHONE_INVALID', 'VALUE_UNRECOGNISED']);
    expect(r.normalized!.fatherPhone).toBeNull();
    expect(r.normalized!.motherIdNumber).toBeUndefined();
    expect(r.normalized!.health).toBeUndefined();
    expect(r.normalized!.familyIncome).toEqual(['migrantWork']);
    expect(r.missingOptional).toEqual(expect.arrayContaining(['fatherPhone', 'motherIdNumber', 'health', 'boarding']));
  });

  it('lists conditional optional fields only where they apply', () => {
    const disabled = validateRow(row({ ...good, health: '残疾', schooling: '小学' }), ctx);
    expect(disabled.missingOptional).toEqual(expect.arrayContaining(['disabilityCategory', 'disabilityGrade', 'school']));
    expect(disabled.missingOptional).not.toContain('illnessType');
    const toddler = validateRow(row({ ...good, health: '健康', schooling: '未入园', hasEntrustedGuardian: '否', caregiverName: null, caregiverIdNumber: null }), ctx);
    expect(toddler.missingOptional).not.toEqual(expect.arrayContaining(['school']));
    expect(toddler.missingOptional.filter((f) => f.startsWith('caregiver'))).toEqual([]);
  });

  it('refuses a malformed census date', () => {
    expect(() => validateRow(row(good), { ...ctx, censusDate: '2026-9-30' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('markDuplicates', () => {
  it('keeps the first accepted occurrence, reports repeats with a pointer, leaves inputs untouched', () => {
    const a = validateRow(row(good, 5), ctx);
    const b = validateRow(row({ ...good, name: '另一个' }, 9), ctx);
    const state = createDedupeState();
    const [x, y] = markDuplicates([a, b], state);
    expect(x).toBe(a);
    expect(y).toMatchObject({ outcome: 'reject', reasons: ['DUPLICATE_ID'], duplicateOf: { kind: 'import', sheet: '团结社区', row: 5 } });
    expect(y.partial?.name).toBe('另一个');
    expect(b.outcome).toBe('accept');
    expect(Object.keys(state.seen)).toEqual(['34172120150908392X']);
  });
});
