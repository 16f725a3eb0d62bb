import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MASKING, VISIBILITIES, maskIdNumber, maskName, maskPhone, maskText, visibility } from '../../cloudfunctions/_shared/access/masking';
import { ROLES } from '../../cloudfunctions/_shared/access/roles';

describe('masking functions', () => {
  test('ID numbers, phones', () => {
    expect(maskIdNumber('34172120150101123X')).toBe('3417**********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
  });
  test('names by code point, never splitting characters outside the BMP', () => {
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskName('李')).toBe('*');
    // 𠀀 (U+20000) and 𡃁 are astral: two UTF-16 units each.
    expect(maskName('𠀀小𡃁')).toBe('𠀀*𡃁');
    expect(maskName('王𠀀')).toBe('王*');
    const masked = maskName('𠀀𠀁𠀂𠀃');
    expect(Array.from(masked)).toEqual(['𠀀', '*', '*', '𠀃']);
    expect(masked).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
  test('free text keeps at most a third', () => {
    expect(maskText('尧渡镇团结社区3组12号')).toBe('尧渡镇团****');
  });
});

describe('docs/masking.csv is the table the code uses', () => {
  const csv = readFileSync(join(__dirname, '..', '..', 'docs', 'masking.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  test('same roles, same fields, same cells', () => {
    expect(csv[0]).toEqual(['field', 'type', ...ROLES]);
    const fromCsv = Object.fromEntries(csv.slice(1).map(([f, type, ...cells]) => [f, { type, see: Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) }]));
    expect(fromCsv).toEqual(JSON.parse(JSON.stringify(MASKING)));
    for (const row of csv.slice(1)) for (const v of row.slice(2)) expect(VISIBILITIES).toContain(v);
  });
  test('the public sees nothing but an institution\'s published phone; unknown fields are hidden', () => {
    // site.phone: the number a 温馨家园 / protection centre / social organisation publishes for families (docs/community.md).
    for (const f of Object.keys(MASKING)) expect(visibility(f, 'public')).toBe(f === 'site.phone' ? 'full' : 'hidden');
    expect(visibility('child.secretThing', 'countyAdmin')).toBe('hidden');
  });
});
