/** Pure parts of the guardianship function: template filling, PNG sizes, who may sign what, when an order is needed. */
import { DEFAULT_TEMPLATE, committeeName, renderTemplate } from '../../cloudfunctions/guardianship/src/templates';
import { partiesFromChild, pngSize, signableParties } from '../../cloudfunctions/guardianship/src/confirmations';
import { needsOrder } from '../../cloudfunctions/guardianship/src/orders';
import { daysBetween, parentChildIds } from '../../cloudfunctions/guardianship/src/checkin';
import type { ConfirmationDoc } from '../../cloudfunctions/_shared/contracts/guardianship';
import type { Actor } from '../../cloudfunctions/_shared/access/spec';

describe('templates', () => {
  test('the default text names the duties of the parents, the entrusted guardian and the village committee', () => {
    const text = renderTemplate(DEFAULT_TEMPLATE.body, { 'child.name': '陈小雨', 'father.name': '陈建业', 'village.name': '团结社区', validityDays: '365', date: '2026-03-02' });
    expect(text).toContain('儿童：陈小雨');
    expect(text).toContain('法定监护人（父亲）：陈建业');
    expect(text).toContain('法定监护人（母亲）：—'); // a party not named is shown as a dash
    expect(text).toContain('有效期365天');
    expect(text).not.toMatch(/\{\{/);
    for (const heading of ['一、法定监护人（父母）的责任', '二、受委托监护人的责任', '三、村（居）民委员会的责任']) expect(text).toContain(heading);
  });
  test('unknown placeholders stay as written', () => {
    expect(renderTemplate('{{child.name}}/{{unknown}}', { 'child.name': '甲' })).toBe('甲/{{unknown}}');
  });
  test('parties come from the file: named parents, the named entrusted guardian, always the village committee', () => {
    expect(partiesFromChild({ _id: 'c', villageCode: '341721100001', father: { name: '陈建业' }, entrusted: { name: '陈桂芳', relationToChild: '祖母' } } as never, '团结社区')).toEqual([
      { key: 'father', name: '陈建业' },
      { key: 'entrusted', name: '陈桂芳', relation: '祖母' },
      { key: 'village', name: '团结社区居民委员会' },
    ]);
  });
});

describe('signature images', () => {
  test('pngSize reads IHDR and refuses anything else', () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(600, 16);
    png.writeUInt32BE(240, 20);
    expect(pngSize(png)).toEqual({ width: 600, height: 240 });
    expect(pngSize(Buffer.from('GIF89a-------------------------'))).toBeUndefined();
  });
});

describe('who may sign', () => {
  const doc = {
    _id: 'conf',
    childId: 'c1',
    villageCode: '341721100001',
    status: 'pending',
    parties: [
      { key: 'father', name: '陈建业' },
      { key: 'mother', name: '王秀英' },
      { key: 'entrusted', name: '陈桂芳' },
      { key: 'village', name: '团结社区居民委员会' },
    ],
    signatures: {},
  } as unknown as ConfirmationDoc;
  const actor = (role: string, scope: unknown, personId = 'p1'): Actor => ({ openid: 'o', personId, bindings: [{ _id: 'b', personId, role, scope, status: 'active' } as never] });

  test('a parent signs only the parent line that carries their name', () => {
    const father = actor('parent', { kind: 'children', childIds: ['c1'] });
    expect(signableParties(doc, father, '陈建业')).toEqual(['father']);
    expect(signableParties(doc, father, '王秀英')).toEqual(['mother']);
  });
  test('a parent of another child, or a guardian, cannot sign a parent line', () => {
    expect(signableParties(doc, actor('parent', { kind: 'children', childIds: ['c2'] }), '陈建业')).toEqual([]);
    expect(signableParties(doc, actor('entrustedGuardian', { kind: 'children', childIds: ['c1'] }), '陈桂芳')).toEqual(['entrusted']);
  });
  test('the village officer of that village signs for the committee; nobody signs a document no longer pending', () => {
    expect(signableParties(doc, actor('villageOfficer', { kind: 'region', codes: ['341721100001'] }))).toEqual(['village']);
    expect(signableParties(doc, actor('villageOfficer', { kind: 'region', codes: ['341721100002'] }))).toEqual([]);
    expect(signableParties({ ...doc, status: 'inForce' }, actor('villageOfficer', { kind: 'region', codes: ['341721100001'] }))).toEqual([]);
  });
  test('someone who signed one line cannot sign another', () => {
    const signed = { ...doc, signatures: { father: { personId: 'p1' } } } as unknown as ConfirmationDoc;
    expect(signableParties(signed, actor('parent', { kind: 'children', childIds: ['c1'] }), '陈建业')).toEqual([]);
  });
});

describe('orders and check-ins', () => {
  test('an order is needed for "no guardian" and "parent at home without capacity" only, while the child is in the registry', () => {
    expect(needsOrder({ guardianshipType: 'none' })).toBe(true);
    expect(needsOrder({ guardianshipType: 'parentIncapable' })).toBe(true);
    expect(needsOrder({ guardianshipType: 'entrustedInsufficient' })).toBe(false);
    expect(needsOrder({ guardianshipType: 'none', status: 'left' })).toBe(false);
    expect(needsOrder({ guardianshipType: 'none', erased: true } as never)).toBe(false);
  });
  test('calendar-day differences and the children a parent binding names', () => {
    expect(daysBetween('2026-02-28', '2026-03-14')).toBe(14);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(parentChildIds({ bindings: [{ role: 'parent', scope: { kind: 'children', childIds: ['a', 'b'] } }, { role: 'pairingMember', scope: { kind: 'children', childIds: ['x'] } }, { role: 'parent', scope: { kind: 'children', childIds: ['b'] } }] })).toEqual(['a', 'b']);
  });
});

test("the village committee is named as people write it, never '团结社区村（居）民委员会'", () => {
  expect(['东华村', '团结社区', '双龙村委会', '城关居委会', '东流村民委员会', '某某'].map(committeeName)).toEqual([
    '东华村民委员会',
    '团结社区居民委员会',
    '双龙村民委员会',
    '城关居民委员会',
    '东流村民委员会',
    '某某村（居）民委员会',
  ]);
});
