/**
 * The one definition of each kind of value (cloudfunctions/_shared/contracts/fields.ts): what is
 * kept, what is refused, and that each refusal says what is actually wrong with a stable code.
 */
import { z } from 'zod';
import {
  FIELD_ERRORS,
  FIELD_KINDS,
  distanceMeters,
  checkDay,
  checkFileId,
  checkFreeText,
  checkIdNumber,
  checkPersonName,
  checkPhone,
  checkRegionCode,
  fieldMetaOf,
  fields,
  idCheckChar,
  isCurrentRegionCode,
  withValidationDay,
} from '../../cloudfunctions/_shared/contracts/fields';
import { checkChar } from '../helpers/census-generator';

/** A valid ID built independently (the generator's own check digit). */
function id(first17: string): string {
  return first17 + checkChar(first17);
}

describe('ID number', () => {
  const child = id('34172120150908392');

  it('keeps a valid number, upper-cases x and reads full-width digits and spaces', () => {
    expect(checkIdNumber(child, { today: '2026-03-08' })).toMatchObject({ ok: true, value: child, gender: 'female', birth: { y: 2015, m: 9, d: 8 }, warnings: [] });
    const withX = id('11010519491231002');
    expect(withX.endsWith('X')).toBe(true);
    expect(checkIdNumber(withX.toLowerCase(), { today: '2026-03-08' })).toMatchObject({ ok: true, value: withX });
    const fullWidth = child.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(checkIdNumber(` ${fullWidth.slice(0, 6)} ${fullWidth.slice(6)}\u3000`, { today: '2026-03-08' })).toMatchObject({ ok: true, value: child });
  });

  it('says what is wrong: truncated, wrong length, wrong characters, impossible or future birth date, check digit, province', () => {
    const cases: Array<[string, string, string?]> = [
      ['3.41721E+17', 'ID_TRUNCATED'],
      ['34172120150908392', 'ID_FORMAT', '身份证号应为18位，现为17位'],
      ['3417212015090839212', 'ID_FORMAT', '身份证号应为18位，现为19位'],
      ['34172120150908392Y', 'ID_FORMAT', '身份证号只能由数字组成，最后一位可以是X'],
      [id('34172120150230392'), 'ID_BIRTH_INVALID'],
      [id('34172118990101392'), 'ID_BIRTH_INVALID'],
      [id('34172120260309392'), 'ID_BIRTH_FUTURE'],
      [child.slice(0, 17) + (child[17] === '0' ? '1' : '0'), 'ID_CHECKSUM'],
      [id('99172120150908392'), 'ID_REGION_INVALID'],
    ];
    for (const [input, code, message] of cases) {
      const r = checkIdNumber(input, { today: '2026-03-08' });
      expect({ input, ok: r.ok, code: r.ok ? undefined : r.code }).toEqual({ input, ok: false, code });
      if (!r.ok) expect(r.message).toBe(message ?? FIELD_ERRORS[code as keyof typeof FIELD_ERRORS]);
    }
    // Three different mistakes, three different messages.
    const messages = ['3.41721E+17', id('34172120150230392'), child.slice(0, 17) + (child[17] === '0' ? '1' : '0')].map((x) => {
      const r = checkIdNumber(x, { today: '2026-03-08' });
      return r.ok ? '' : r.message;
    });
    expect(new Set(messages).size).toBe(3);
  });

  it('upgrades a 15-digit number only where allowed (adults), checking its birth date', () => {
    expect(checkIdNumber('341721640115783', { legacy15: true })).toMatchObject({ ok: true, value: '341721196401157831', upgradedFrom15: true });
    expect(checkIdNumber('341721640115783')).toMatchObject({ ok: false, code: 'ID_FORMAT', message: '身份证号应为18位，现为15位' });
    expect(checkIdNumber('341721641315783', { legacy15: true })).toMatchObject({ ok: false, code: 'ID_BIRTH_INVALID' });
  });

  it('keeps a historic region code with a warning, a current one without', () => {
    expect(isCurrentRegionCode('341721')).toBe(true);
    expect(isCurrentRegionCode('341400')).toBe(false); // 巢湖市, dissolved in 2011
    expect(checkIdNumber(id('34142119800101001'), { today: '2026-03-08' })).toMatchObject({ ok: true, warnings: ['ID_REGION_HISTORIC'] });
  });

  it('computes the check character as GB 11643 does', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('34172120150908392')).toBe(checkChar('34172120150908392'));
  });
});

describe('person name', () => {
  it('keeps rare characters whole and counts them once', () => {
    expect(checkPersonName('𠮷田')).toMatchObject({ ok: true, value: '𠮷田' });
    expect(checkPersonName('\uf9dc明')).toMatchObject({ ok: true, value: '\uf9dc明' });
    expect(checkPersonName('张  三')).toMatchObject({ ok: true, value: '张三' });
    expect(checkPersonName('阿依古丽·买买提')).toMatchObject({ ok: true, value: '阿依古丽·买买提' });
    expect(checkPersonName('ＬＩ Ｍｉｎｇ')).toMatchObject({ ok: true, value: 'LI Ming' });
    expect(checkPersonName('𠮷'.repeat(4), { max: 4 }).ok).toBe(true);
    expect(checkPersonName('𠮷'.repeat(5), { max: 4 })).toMatchObject({ ok: false, code: 'TEXT_TOO_LONG' });
  });

  it('refuses hidden controls, bidi overrides, broken characters, digits and emptiness', () => {
    expect(checkPersonName('张\u202e三')).toMatchObject({ ok: false, code: 'TEXT_HIDDEN_CONTROL', message: '内容包含不可见的控制字符，请删除后重试' });
    expect(checkPersonName('张\u0007三')).toMatchObject({ ok: false, code: 'TEXT_HIDDEN_CONTROL' });
    expect(checkPersonName('张\ud842')).toMatchObject({ ok: false, code: 'TEXT_MALFORMED' });
    expect(checkPersonName('张3')).toMatchObject({ ok: false, code: 'NAME_INVALID' });
    expect(checkPersonName(' \u200b ')).toMatchObject({ ok: false, code: 'TEXT_EMPTY' });
  });
});

describe('phone', () => {
  it('reads separators, +86 and full-width digits; refuses what is not a phone', () => {
    expect(checkPhone('+86 139-2054-6978')).toMatchObject({ ok: true, value: '13920546978' });
    expect(checkPhone('０５６６-７１２３４５６')).toMatchObject({ ok: true, value: '05667123456' });
    for (const bad of ['1392054697', '12345678901', '7123456', '电话']) expect(checkPhone(bad)).toMatchObject({ ok: false, code: 'PHONE_INVALID' });
  });
});

describe('calendar date and birth date', () => {
  it('refuses a wrong form, a day that does not exist, a day before 1900 and a future birth date', () => {
    expect(checkDay('2026-03-08')).toMatchObject({ ok: true, value: '2026-03-08' });
    expect(checkDay('2024-02-29')).toMatchObject({ ok: true });
    expect(checkDay('2026-3-8')).toMatchObject({ ok: false, code: 'DATE_FORMAT' });
    expect(checkDay('2026/03/08')).toMatchObject({ ok: false, code: 'DATE_FORMAT' });
    expect(checkDay('2026-02-30')).toMatchObject({ ok: false, code: 'DATE_INVALID', message: '日期不存在：2026年2月没有30日' });
    expect(checkDay('2025-02-29')).toMatchObject({ ok: false, code: 'DATE_INVALID' });
    expect(checkDay('1899-12-31')).toMatchObject({ ok: false, code: 'DATE_TOO_EARLY' });
    expect(checkDay('2026-03-09', { notFuture: true, today: '2026-03-08' })).toMatchObject({ ok: false, code: 'DATE_FUTURE' });
    expect(checkDay('2026-03-08', { notFuture: true, today: '2026-03-08' }).ok).toBe(true);
  });

  it("takes today from the validation's day", () => {
    const schema = fields.birthDate('出生日期');
    expect(withValidationDay('2026-03-08', () => schema.safeParse('2026-03-09').success)).toBe(false);
    expect(withValidationDay('2026-03-09', () => schema.safeParse('2026-03-09').success)).toBe(true);
  });
});

describe('free text', () => {
  it('keeps newline and tab, unifies CRLF, refuses the controls and bidi characters the helpline refuses', () => {
    expect(checkFreeText('第一行\r\n第二行\t完', { max: 100 })).toMatchObject({ ok: true, value: '第一行\n第二行\t完' });
    for (const ch of ['\u0000', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(checkFreeText(`看望\u0020${ch}孩子`, { max: 100 })).toMatchObject({ ok: false, code: 'TEXT_HIDDEN_CONTROL', message: '内容包含不可见的控制字符，请删除后重试' });
    }
  });

  it('counts code points and collapses single-line whitespace', () => {
    expect(checkFreeText('𠮷'.repeat(3), { max: 3 }).ok).toBe(true);
    expect(checkFreeText('𠮷'.repeat(4), { max: 3 })).toMatchObject({ ok: false, code: 'TEXT_TOO_LONG', message: '不能超过3个字（现为4个字）' });
    expect(checkFreeText('浙江省\n 宁波市', { max: 50, multiline: false })).toMatchObject({ ok: true, value: '浙江省 宁波市' });
    expect(checkFreeText('   ', { max: 5 })).toMatchObject({ ok: false, code: 'TEXT_EMPTY' });
  });
});

describe('fileID', () => {
  it("accepts this environment's files in the allowed place and refuses the rest", () => {
    const ok = 'cloud://shouwang-local.standin-1250000000/visits/v1/a.jpg';
    expect(checkFileId(ok, { env: 'shouwang-local', under: ['visits/'] })).toMatchObject({ ok: true, path: 'visits/v1/a.jpg' });
    expect(checkFileId('cloud://other-env.bucket/visits/a.jpg', { env: 'shouwang-local' })).toMatchObject({ ok: false, code: 'FILE_ID_OTHER_ENV' });
    expect(checkFileId(ok, { env: 'shouwang-local', under: ['signatures/'] })).toMatchObject({ ok: false, code: 'FILE_ID_WRONG_PLACE' });
    for (const bad of ['https://x.example/a.jpg', 'cloud://shouwang-local.b/../a.jpg', 'cloud://shouwang-local.b/a//b.jpg', 'cloud://shouwang-local.b/a\\b.jpg', '']) {
      expect(checkFileId(bad, { env: 'shouwang-local' })).toMatchObject({ ok: false, code: 'FILE_ID_INVALID' });
    }
  });
});

describe('region code', () => {
  it('knows the level by length and refuses other levels', () => {
    expect(checkRegionCode('341721100001')).toMatchObject({ ok: true, level: 'village' });
    expect(checkRegionCode('341721100', { levels: ['village'] })).toMatchObject({ ok: false, code: 'REGION_CODE_LEVEL', message: '应为村（社区）级（12位）区划代码' });
    expect(checkRegionCode('34172')).toMatchObject({ ok: false, code: 'REGION_CODE_INVALID' });
  });
});

describe('zod builders', () => {
  it('carry the label and kind, give the canonical value and a stable code', () => {
    const builders: Record<(typeof FIELD_KINDS)[number], z.ZodType> = {
      idNumber: fields.idNumber('父亲身份证号', { legacy15: true }),
      personName: fields.personName('父亲姓名'),
      phone: fields.phone('父亲联系电话'),
      calendarDate: fields.calendarDate('走访日期'),
      birthDate: fields.birthDate('出生日期'),
      freeText: fields.freeText('走访记录', { max: 500 }),
      fileId: fields.fileId('走访照片'),
      regionCode: fields.regionCode('所在村', { levels: ['village'] }),
      creditCode: fields.creditCode('统一社会信用代码'),
      location: fields.location('站点位置'),
    };
    for (const [kind, schema] of Object.entries(builders)) {
      expect(fieldMetaOf(schema.optional())).toMatchObject({ kind });
      const r = schema.safeParse('\u202e');
      expect(r.success).toBe(false);
      const issue = r.error!.issues[0] as { params?: { code?: string } };
      expect(Object.keys(FIELD_ERRORS)).toContain(issue.params?.code);
    }
    expect(fields.phone('父亲联系电话').parse('139 2054 6978')).toBe('13920546978');
    expect(fields.idNumber('身份证号').safeParse(undefined).error!.issues[0].message).toBe('必填');
  });
});

describe('location', () => {
  it('keeps a point on the map and refuses what is not one, naming the field', () => {
    const schema = fields.location('站点位置');
    expect(schema.parse({ latitude: 30.1, longitude: 117.0, extra: 1 })).toEqual({ latitude: 30.1, longitude: 117.0 });
    for (const bad of [{ latitude: 91, longitude: 117 }, { latitude: 30, longitude: -181 }, { latitude: '30', longitude: 117 }, { latitude: NaN, longitude: 117 }, null]) {
      const r = schema.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({ message: '位置无效，请在地图上重新选择', params: { code: 'LOCATION_INVALID' } });
    }
  });

  it('measures distances in metres', () => {
    // 东至县城 to 池州市区, about 78 km as the crow flies.
    const d = distanceMeters({ latitude: 30.097, longitude: 117.0216 }, { latitude: 30.6648, longitude: 117.4913 });
    expect(d).toBeGreaterThan(70_000);
    expect(d).toBeLessThan(80_000);
    expect(distanceMeters({ latitude: 30, longitude: 117 }, { latitude: 30, longitude: 117 })).toBe(0);
  });
});
