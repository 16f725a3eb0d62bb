import { countyOf, regionContains, regionLevel, scopeCovers, scopeReaches, validateScopeForRole, type Binding } from '../../cloudfunctions/_shared/access/scope';
import { breakGlassCandidates, pickGrant } from '../../cloudfunctions/_shared/access/decide';
import { issuingBinding, parseInvitationCode, newInvitationCode, CODE_ALPHABET } from '../../cloudfunctions/_shared/access/issuing';
import type { Actor } from '../../cloudfunctions/_shared/access/spec';

const b = (role: Binding['role'], scope: Binding['scope']): Binding => ({ _id: `b-${role}`, personId: 'p1', role, scope, status: 'active' });

describe('region math', () => {
  test('levels by length', () => {
    expect(['341721', '341721100', '341721100001', '34172', 'abcdef'].map(regionLevel)).toEqual(['county', 'township', 'village', undefined, undefined]);
  });
  test('county ⊃ township ⊃ village by prefix; siblings and parents are not contained', () => {
    expect(regionContains('341721', '341721100001')).toBe(true);
    expect(regionContains('341721100', '341721100001')).toBe(true);
    expect(regionContains('341721100', '341721100')).toBe(true);
    expect(regionContains('341721100', '341721101001')).toBe(false);
    expect(regionContains('341721100001', '341721100')).toBe(false);
    expect(regionContains('341721', '3417221')).toBe(false);
    expect(countyOf('341721100001')).toBe('341721');
  });
});

describe('scope reach', () => {
  const child = { regionCode: '341721100001', childIds: ['c1'], schoolIds: ['s1'] };
  test('each scope kind reaches only its own data', () => {
    expect(scopeReaches({ kind: 'region', codes: ['341721100'] }, child)).toBe(true);
    expect(scopeReaches({ kind: 'region', codes: ['341721101', '341721100'] }, child)).toBe(true);
    expect(scopeReaches({ kind: 'region', codes: ['341721101'] }, child)).toBe(false);
    expect(scopeReaches({ kind: 'children', childIds: ['c2', 'c1'] }, child)).toBe(true);
    expect(scopeReaches({ kind: 'children', childIds: ['c2'] }, child)).toBe(false);
    expect(scopeReaches({ kind: 'school', schoolId: 's1', regionCode: '341721100' }, child)).toBe(true);
    expect(scopeReaches({ kind: 'school', schoolId: 's2', regionCode: '341721100' }, child)).toBe(false);
    expect(scopeReaches({ kind: 'team', teamId: 't1' }, child)).toBe(false);
    expect(scopeReaches({ kind: 'team', teamId: 't1' }, { teamId: 't1' })).toBe(true);
  });
  test('covering (issuing) needs every part of the inner scope', () => {
    expect(scopeCovers({ kind: 'region', codes: ['341721100'] }, { kind: 'region', codes: ['341721100001'] })).toBe(true);
    expect(scopeCovers({ kind: 'region', codes: ['341721100'] }, { kind: 'region', codes: ['341721100', '341721101'] })).toBe(false);
    expect(scopeCovers({ kind: 'region', codes: ['341721100001'] }, { kind: 'children', childIds: ['a', 'b'] }, ['341721100001', '341721100001'])).toBe(true);
    expect(scopeCovers({ kind: 'region', codes: ['341721100001'] }, { kind: 'children', childIds: ['a', 'b'] }, ['341721100001', '341721101001'])).toBe(false);
    expect(scopeCovers({ kind: 'region', codes: ['341721100001'] }, { kind: 'children', childIds: ['a', 'b'] }, ['341721100001'])).toBe(false);
  });
  test('role scope shapes', () => {
    expect(validateScopeForRole('police', { kind: 'region', codes: ['341721100', '341721101'] })).toBeUndefined();
    expect(validateScopeForRole('police', { kind: 'region', codes: ['341721100001'] })).toMatch(/乡镇/);
    expect(validateScopeForRole('villageOfficer', { kind: 'region', codes: ['341721100'] })).toMatch(/村/);
    expect(validateScopeForRole('countyAdmin', { kind: 'region', codes: ['341721'] })).toBeUndefined();
    expect(validateScopeForRole('parent', { kind: 'region', codes: ['341721'] })).toMatch(/儿童/);
  });
});

describe('choosing the binding', () => {
  const target = { regionCode: '341721100001', childIds: ['c1'] };
  const actor: Actor = { openid: 'o', personId: 'p1', bindings: [b('parent', { kind: 'children', childIds: ['c1'] }), b('townshipStaff', { kind: 'region', codes: ['341721100'] })] };
  test('precedence picks the more official role unless the active role qualifies', () => {
    expect(pickGrant(actor, ['parent', 'townshipStaff'], target)?.role).toBe('townshipStaff');
    expect(pickGrant({ ...actor, activeRole: 'parent' }, ['parent', 'townshipStaff'], target)?.role).toBe('parent');
    expect(pickGrant(actor, ['villageOfficer'], target)).toBeUndefined();
    expect(pickGrant(actor, ['villageOfficer', 'public'], target)?.role).toBe('public');
    expect(pickGrant(actor, ['parent'], { regionCode: '341721100001', childIds: ['c9'] })).toBeUndefined();
  });
  test('break-glass: township staff within their county only; never for non-child data', () => {
    const ts: Actor = { openid: 'o', personId: 'p', bindings: [b('townshipStaff', { kind: 'region', codes: ['341721100'] })] };
    expect(breakGlassCandidates(ts, ['townshipStaff'], { regionCode: '341721101001', childIds: ['c'] })).toHaveLength(1);
    expect(breakGlassCandidates(ts, ['townshipStaff'], { regionCode: '341722100001', childIds: ['c'] })).toHaveLength(0);
    expect(breakGlassCandidates(ts, ['townshipStaff'], { regionCode: '341721101001' })).toHaveLength(0);
    expect(breakGlassCandidates(ts, ['villageOfficer'], { regionCode: '341721101001', childIds: ['c'] })).toHaveLength(0);
  });
  test('issuing: only roles one may grant, only inside one’s scope', () => {
    const officer = [b('villageOfficer', { kind: 'region', codes: ['341721100001'] })];
    expect(issuingBinding(officer, 'parent', { kind: 'children', childIds: ['c1'] }, ['341721100001'])).toBe(officer[0]);
    expect(issuingBinding(officer, 'parent', { kind: 'children', childIds: ['c1'] }, ['341721100002'])).toBeUndefined();
    expect(issuingBinding(officer, 'villageOfficer', { kind: 'region', codes: ['341721100001'] })).toBeUndefined();
    const admin = [b('countyAdmin', { kind: 'region', codes: ['341721'] })];
    expect(issuingBinding(admin, 'helplineAgent', { kind: 'team', teamId: 'x' })).toBe(admin[0]);
    const sup = [b('helplineSupervisor', { kind: 'team', teamId: 'x' })];
    expect(issuingBinding(sup, 'helplineAgent', { kind: 'team', teamId: 'y' })).toBeUndefined();
  });
});

describe('invitation codes', () => {
  test('fresh codes use the unambiguous alphabet and parse back, typed loosely', () => {
    for (let i = 0; i < 50; i++) {
      const c = newInvitationCode();
      expect(c.display).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{6}$/);
      expect(parseInvitationCode(` ${c.display.toLowerCase().replace('-', ' ')} `)).toEqual({ handle: c.handle, secret: c.secret });
      expect(parseInvitationCode(`shouwang:invite:${c.display}`)).toEqual({ handle: c.handle, secret: c.secret });
    }
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(parseInvitationCode('ABCD-EFGH1O')).toBeUndefined();
    expect(parseInvitationCode('ABCD-EFG')).toBeUndefined();
  });
});
