/** Single-value normalisation: text, names, ID numbers, phones, vocabularies, header mapping. */
import {
  lookupMulti,
  lookupValue,
  normalizeGroup,
  normalizeText,
  parseIdNumber,
  parsePhone,
  parseYesNo,
  readName,
  type CellValue,
} from '../../../cloudfunctions/registry/src/census/normalize';
import { idCheckChar, nfkcKeepingIdeographs, normalizeIdText, upgradeId15 } from '../../../cloudfunctions/_shared/contracts/fields';

/** A name cell as stored (the check must pass). */
function normalizeName(v: CellValue): string {
  const r = readName(v);
  if (!r?.ok) throw new Error(`name ${String(v)} refused: ${r && !r.ok ? r.message : 'empty'}`);
  return r.value;
}
import {
  GUARDIANSHIP_RULES,
  GUARDIANSHIP_WORDS,
  HEALTH_WORDS,
  INCOME_WORDS,
  SCHOOLING_RULES,
  SCHOOLING_WORDS,
  headerKey,
  mapHeader,
} from '../../../cloudfunctions/registry/src/census/vocab';
import { CENSUS_REASON_MESSAGES, CENSUS_SHEET_MESSAGES, CENSUS_WARNING_MESSAGES } from '../../../cloudfunctions/registry/src/census/codes';
import { CENSUS_REASON_CODES, CENSUS_SHEET_CODES, CENSUS_WARNING_CODES } from '../../../cloudfunctions/_shared/contracts/census';
import { checkChar } from '../../helpers/census-generator';

describe('text', () => {
  it('applies NFKC and strips invisible and odd spaces', () => {
    expect(normalizeText('\u200b３组\u00a0')).toBe('3组');
    expect(normalizeText('\u3000广东省\u3000深圳市 ')).toBe('广东省 深圳市');
    expect(normalizeText('\ufeffＡＢＣ')).toBe('ABC');
    expect(normalizeText(null)).toBe('');
    expect(normalizeText(13539461931)).toBe('13539461931');
  });

  it('keeps CJK compatibility ideographs, which plain NFKC would replace', () => {
    const compat = '\uf9dc\u{2f800}'; // 隆 (U+F9DC), 丽 (U+2F800)
    expect(compat.normalize('NFKC')).not.toBe(compat);
    expect(nfkcKeepingIdeographs(`${compat}１`)).toBe(`${compat}1`);
    expect(normalizeText(`李${compat}`)).toBe(`李${compat}`);
  });

  it('keeps names exactly, removing only invisible characters and alignment spaces', () => {
    expect(normalizeName('𠮷田')).toBe('𠮷田');
    expect(normalizeName('何𠈌芳')).toBe('何𠈌芳');
    expect(normalizeName(' 郭\u200b䶮 ')).toBe('郭䶮');
    expect(normalizeName('张  三')).toBe('张三');
    expect(normalizeName('王\u3000𠮷')).toBe('王𠮷');
    expect(normalizeName('\uf9dc明')).toBe('\uf9dc明');
    expect(normalizeName('阿依古丽·买买提')).toBe('阿依古丽·买买提');
  });

  it('normalises villager groups', () => {
    expect(normalizeGroup('3组')).toBe('3组');
    expect(normalizeGroup('３组')).toBe('3组');
    expect(normalizeGroup(3)).toBe('3组');
    expect(normalizeGroup('第3组')).toBe('3组');
    expect(normalizeGroup('第十二村民小组')).toBe('12组');
    expect(normalizeGroup('三组')).toBe('3组');
    expect(normalizeGroup('王家组')).toBe('王家组');
    expect(normalizeGroup('')).toBe('');
  });
});

describe('ID numbers (GB 11643)', () => {
  it('computes the check character like an independent implementation', () => {
    for (const first17 of ['34172120220915863', '34172119510218806', '11010519491231002', '34172120140315114']) {
      expect(idCheckChar(first17)).toBe(checkChar(first17));
    }
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('reads full-width digits, lower-case x, spaces and invisible characters', () => {
    expect(normalizeIdText('３４１７２１２０１４１２２２０９４０')).toBe('341721201412220940');
    expect(normalizeIdText(' 34172120150908392x ')).toBe('34172120150908392X');
    expect(normalizeIdText("'341721 20150908 392X")).toBe('34172120150908392X');
    const r = parseIdNumber('\u200b34172120150908392x\u3000', false);
    expect(r).toEqual({ ok: true, value: '34172120150908392X', birth: { y: 2015, m: 9, d: 8 }, gender: 'female', upgradedFrom15: false, warnings: [] });
  });

  it('flags a wrong check digit as ID_CHECKSUM and keeps the encoded birth date and sex', () => {
    const r = parseIdNumber('341721201312188700', false);
    expect(r).toMatchObject({ ok: false, code: 'ID_CHECKSUM', birth: { y: 2013, m: 12, d: 18 }, gender: 'female' });
  });

  it('tells a wrong length or wrong characters (ID_FORMAT) from a truncated number and an impossible birth date', () => {
    expect(parseIdNumber('34172120131218870', false)).toMatchObject({ ok: false, code: 'ID_FORMAT', message: '身份证号应为18位，现为17位' });
    expect(parseIdNumber('3417212013121887001', false)).toMatchObject({ ok: false, code: 'ID_FORMAT', message: '身份证号应为18位，现为19位' });
    for (const bad of ['34172120131218870Y', 'abc']) {
      expect(parseIdNumber(bad, false)).toMatchObject({ ok: false, code: 'ID_FORMAT', message: '身份证号只能由数字组成，最后一位可以是X' });
    }
    // Typed as a number: Excel kept 15 significant digits.
    const truncated = parseIdNumber(341721201406164000, false);
    expect(truncated).toMatchObject({ ok: false, code: 'ID_TRUNCATED' });
    expect(parseIdNumber('3.41721E+17', false)).toMatchObject({ ok: false, code: 'ID_TRUNCATED' });
    // 2013-02-30 does not exist: its own code and message, not the one for a mistyped number.
    const impossible = parseIdNumber('341721201302308706', false);
    expect(impossible).toMatchObject({ ok: false, code: 'ID_BIRTH_INVALID' });
    const checksum = parseIdNumber('341721201312188700', false);
    const messages = [truncated, impossible, checksum].map((r) => (r.ok ? '' : r.message));
    expect(new Set(messages).size).toBe(3);
    // A child's 15-digit number is never valid (born after 1999).
    expect(parseIdNumber('341721640115783', false)).toMatchObject({ ok: false, code: 'ID_FORMAT', message: '身份证号应为18位，现为15位' });
  });

  it('upgrades 15-digit legacy IDs of adults to 18 digits', () => {
    expect(upgradeId15('341721640115783')).toBe('341721196401157831');
    expect(parseIdNumber('341721640115783', true)).toMatchObject({ ok: true, value: '341721196401157831', upgradedFrom15: true, gender: 'male' });
    expect(parseIdNumber(341721580513608, true)).toMatchObject({ ok: true, value: upgradeId15('341721580513608') });
    expect(parseIdNumber('341721581313608', true)).toMatchObject({ ok: false, code: 'ID_BIRTH_INVALID' });
  });
});

describe('phones', () => {
  it.each([
    ['139 2054 6978', '13920546978'],
    ['186-8542-3869', '18685423869'],
    ['+86 15832461709', '15832461709'],
    ['+86-158-3246-1709', '15832461709'],
    ['008615832461709', '15832461709'],
    ['１５８３２４６１７０９', '15832461709'],
    [13539461931, '13539461931'],
    ['0566-7123456', '05667123456'],
    ['+86 566 7123456', '05667123456'],
  ])('%s → %s', (input, want) => {
    expect(parsePhone(input)).toEqual({ ok: true, value: want, warnings: [] });
  });

  it.each(['1581199358', '12345678901', '139205469781', '电话', '138xxxx1234'])('%s is not a phone', (input) => {
    expect(parsePhone(input).ok).toBe(false);
  });
});

describe('value vocabularies', () => {
  it('reads ticks and yes/no words', () => {
    expect(parseYesNo('√')).toBe(true);
    expect(parseYesNo('✓')).toBe(true);
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('y')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseYesNo('×')).toBe(false);
    expect(parseYesNo('—')).toBe(false);
    expect(parseYesNo('')).toBeUndefined();
    expect(parseYesNo(null)).toBeUndefined();
    expect(parseYesNo('外出')).toBe('unrecognised');
  });

  it('maps guardianship types, health and schooling', () => {
    const g = (s: string) => lookupValue(s, GUARDIANSHIP_WORDS, GUARDIANSHIP_RULES);
    expect(g('监护情况较好')).toBe('good');
    expect(g('监护情况一般')).toBe('fair');
    expect(g('受委托监护人监护能力不足')).toBe('entrustedInsufficient');
    expect(g('父母一方无监护能力')).toBe('parentIncapable');
    expect(g('无人监护')).toBe('none');
    expect(g('很差')).toBe('unrecognised');
    expect(lookupValue('健康', HEALTH_WORDS)).toBe('healthy');
    expect(lookupValue('残疾', HEALTH_WORDS)).toBe('disabled');
    expect(lookupValue('患病', HEALTH_WORDS)).toBe('seriouslyIll');
    const s = (x: string) => lookupValue(x, SCHOOLING_WORDS, SCHOOLING_RULES);
    expect(s('未入园')).toBe('notInKindergarten');
    expect(s('幼儿园')).toBe('kindergarten');
    expect(s('小学三年级')).toBe('primary');
    expect(s('初中')).toBe('juniorMiddle');
    expect(s('义务教育阶段辍学')).toBe('droppedOut');
    expect(s('14-16周岁未在校')).toBe('notInSchool');
  });

  it('splits multi-select cells and drops repeats', () => {
    expect(lookupMulti('种养殖业、亲朋接济', INCOME_WORDS)).toEqual({ values: ['farming', 'relativesHelp'], unknown: [] });
    expect(lookupMulti('政府救助、政府救助', INCOME_WORDS)).toEqual({ values: ['governmentAssistance'], unknown: [] });
    expect(lookupMulti('打工收入，彩票', INCOME_WORDS)).toEqual({ values: ['migrantWork'], unknown: ['彩票'] });
  });
});

describe('header vocabulary', () => {
  it('normalises header text', () => {
    expect(headerKey(' 出生日期（年月日） ')).toBe('出生日期');
    expect(headerKey('*姓名：')).toBe('姓名');
    expect(headerKey('是否寄宿(是/否)')).toBe('是否寄宿');
  });

  it('maps leaf headers with their group, and prefixed one-row headers', () => {
    expect(mapHeader('姓名')).toBe('name');
    expect(mapHeader('姓名', 'father')).toBe('fatherName');
    expect(mapHeader('联系电话', 'mother')).toBe('motherPhone');
    expect(mapHeader('公民身份号码', 'mother')).toBe('motherIdNumber');
    expect(mapHeader('委托监护人身份号码', 'guardianship')).toBe('caregiverIdNumber');
    expect(mapHeader('与儿童关系', 'guardianship')).toBe('caregiverRelation');
    expect(mapHeader('父亲电话')).toBe('fatherPhone');
    expect(mapHeader('母亲外出务工地点')).toBe('motherWorkPlace');
    expect(mapHeader('外祖母出生日期')).toBe('maternalGrandmotherBirthDate');
    expect(mapHeader('受委托监护人身份证号')).toBe('caregiverIdNumber');
    expect(mapHeader('父母均外出')).toBe('parentsBothAway');
    expect(mapHeader('一方外出另一方无监护能力', 'guardianship')).toBe('oneAwayOtherIncapable');
    expect(mapHeader('监护类型', 'guardianship')).toBe('guardianshipType');
    expect(mapHeader('身份证号码')).toBe('idNumber');
    expect(mapHeader('爱好')).toBeUndefined();
  });
});

describe('codes', () => {
  it('has a Chinese message for every code', () => {
    for (const code of CENSUS_REASON_CODES) expect(CENSUS_REASON_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
    for (const code of CENSUS_WARNING_CODES) expect(CENSUS_WARNING_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
    for (const code of CENSUS_SHEET_CODES) expect(CENSUS_SHEET_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
  });
});
