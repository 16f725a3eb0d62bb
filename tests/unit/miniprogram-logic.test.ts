/** Pure mini-program logic: masking identifiers and which tabs a user sees. */
import { maskId } from '../../miniprogram/utils/mask';
import { TABS, isStaff, visibleTabs } from '../../miniprogram/custom-tab-bar/tabs';

describe('maskId', () => {
  test('keeps the first and last four characters of an openid', () => {
    expect(maskId('oVillageOfficer0000000001')).toBe('oVil…0001');
  });
  test('short values reveal only their first character', () => {
    expect(maskId('abc12345')).toBe('a*******');
    expect(maskId('a')).toBe('a');
    expect(maskId('')).toBe('');
  });
});

describe('tabs', () => {
  test('everyone sees 政策 / 求助 / 我的 in that order, all in the main package', () => {
    expect(visibleTabs([]).map((t) => t.label)).toEqual(['政策', '求助', '我的']);
    expect(TABS.every((t) => t.value.startsWith('pages/'))).toBe(true);
  });
  test('parents, guardians and the public are not staff; officers are', () => {
    expect(isStaff([])).toBe(false);
    expect(isStaff(['parent', 'guardian'])).toBe(false);
    expect(isStaff(['parent', 'villageOfficer'])).toBe(true);
  });
});
