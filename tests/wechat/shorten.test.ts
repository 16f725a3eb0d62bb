/**
 * The function-side shortening of subscribe-message values (issue: "a value longer than its
 * field limit is shortened, not rejected"), checked against the stand-in's WeChat validators.
 */
import {
  charCount,
  formatFieldValue,
  formatTemplateData,
  shortenToLimit,
} from '../../cloudfunctions/_shared/wechat/subscribe';
import { SUBSCRIBE_TEMPLATES, TEMPLATE_KEYS, fieldTypeOf, resolveTemplateId, parseTemplateIds } from '../../cloudfunctions/_shared/wechat/templates';
import { validFieldValue } from '../../local/wechat/subscribe';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('shortenToLimit', () => {
  it('keeps values within the limit unchanged', () => {
    expect(shortenToLimit('一'.repeat(20), 20)).toBe('一'.repeat(20));
  });

  it('shortens to exactly the limit, ending with …, counting Chinese characters as one', () => {
    const out = shortenToLimit('孩子身体健康学习成绩稳步提高与爷爷奶奶相处融洽', 20);
    expect(charCount(out)).toBe(20);
    expect(out).toBe('孩子身体健康学习成绩稳步提高与爷爷奶奶…');
  });

  it('never splits a non-BMP character', () => {
    const value = '一'.repeat(18) + '𠮷𠮷𠮷'; // 21 code points, 24 UTF-16 units
    const out = shortenToLimit(value, 20);
    expect(out).toBe('一'.repeat(18) + '𠮷…');
    expect(charCount(out)).toBe(20);
    expect(LONE_SURROGATE.test(out)).toBe(false);
  });

  it('drops an emoji sequence whole rather than cutting inside it', () => {
    const family = '👨‍👩‍👧'; // 5 code points joined by ZWJ
    const out = shortenToLimit('一'.repeat(16) + family + '好', 20);
    expect(out).toBe('一'.repeat(16) + '…');
    expect(LONE_SURROGATE.test(out)).toBe(false);
  });
});

describe('formatFieldValue per keyword type', () => {
  it('thing ≤ 20 with …; newlines become spaces', () => {
    expect(formatFieldValue('thing', '第一行\n第二行')).toBe('第一行 第二行');
    expect(charCount(formatFieldValue('thing', '长'.repeat(30)))).toBe(20);
  });

  it('phrase is cut to 5 Chinese characters without a mark (it must stay pure Chinese)', () => {
    expect(formatFieldValue('phrase', '监护人缺失了')).toBe('监护人缺失');
  });

  it('name: 10 when it has Chinese, 20 otherwise', () => {
    expect(formatFieldValue('name', '阿卜杜热合曼·买买提江')).toBe('阿卜杜热合曼·买买…');
    expect(charCount(formatFieldValue('name', 'Abcdefghijklmnopqrstuvwxyz'))).toBe(20);
  });

  it('character_string ≤ 32 ends with ASCII "..."; numbers are never cut', () => {
    const out = formatFieldValue('character_string', 'X'.repeat(40));
    expect(out).toBe('X'.repeat(29) + '...');
    expect(formatFieldValue('number', '1'.repeat(40))).toBe('1'.repeat(40));
  });

  it('Dates become Beijing time: time keeps the clock part, date does not', () => {
    const at = new Date('2025-03-03T16:30:00Z'); // 00:30 next day in Beijing
    expect(formatFieldValue('time', at)).toBe('2025年3月4日 00:30');
    expect(formatFieldValue('date', at)).toBe('2025年3月4日');
  });
});

describe('catalogue and stand-in validators agree', () => {
  it('every keyword of every template, filled with an over-long value, is shortened into a value WeChat accepts', () => {
    const long: Record<string, string | Date> = {
      thing: '这是一段明显超过二十个字符长度限制的说明文字𠮷需要被缩短处理',
      phrase: '监护缺失情况严重',
      character_string: 'HL-20250301-0012-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      time: new Date('2025-03-03T07:00:00Z'),
    };
    for (const key of TEMPLATE_KEYS) {
      const tpl = SUBSCRIBE_TEMPLATES[key];
      const values = Object.fromEntries(tpl.fields.map((f) => [f.key, long[f.type]]));
      const data = formatTemplateData(key, values);
      for (const f of tpl.fields) {
        expect({ key, field: f.key, ok: validFieldValue(f.type, data[f.key].value) }).toEqual({ key, field: f.key, ok: true });
      }
    }
  });

  it('catalogue examples are valid values', () => {
    for (const key of TEMPLATE_KEYS) {
      for (const f of SUBSCRIBE_TEMPLATES[key].fields) expect([key, f.key, validFieldValue(f.type, f.example)]).toEqual([key, f.key, true]);
    }
  });

  it('a missing keyword value is a programming error', () => {
    expect(() => formatTemplateData('visitDue', { thing1: '王*明', time2: '15:00' })).toThrow(/phrase3/);
  });

  it('keyword types come from keyword names; ids from configuration or placeholders', () => {
    expect(fieldTypeOf('character_string12')).toBe('character_string');
    expect(fieldTypeOf('phrase3')).toBe('phrase');
    expect(() => fieldTypeOf('keyword1')).toThrow();
    expect(resolveTemplateId('visitDue')).toBe('TPL_VISIT_DUE');
    const ids = parseTemplateIds('{"visitDue":"RealId-123","bogus":"x"}');
    expect(ids).toEqual({ visitDue: 'RealId-123' });
    expect(resolveTemplateId('visitDue', ids)).toBe('RealId-123');
    expect(parseTemplateIds('not json')).toEqual({});
  });
});

describe('stand-in validators (contract §6.1)', () => {
  it.each([
    ['time', '15:01', true],
    ['time', '2019年10月1日 15:01', true],
    ['time', '2025-03-03 15:00:59', true],
    ['time', '15:00~16:00', true],
    ['time', '15:00～16:00', false],
    ['time', '2019年10月1日', false],
    ['time', '25:00', false],
    ['date', '2019年10月1日', true],
    ['date', '2019年13月1日', false],
    ['date', '2019-10-01 15:01', true],
    ['number', '3.14', true],
    ['number', '12a', false],
    ['letter', 'abc', true],
    ['symbol', '+-*', true],
    ['symbol', 'a+', false],
    ['amount', '¥100.50', true],
    ['amount', '100元', true],
    ['phone_number', '+86-0566-1234567', true],
    ['car_number', '皖R12345', true],
    ['name', '王小明', true],
    ['name', 'John Smith', true],
    ['phrase', '已处理', true],
    ['phrase', 'OK', false],
  ] as const)('%s %j → %s', (type, value, ok) => {
    expect(validFieldValue(type, value)).toBe(ok);
  });
});
