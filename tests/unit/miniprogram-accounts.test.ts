/**
 * Pure logic of the accounts pages (miniprogram/services/accounts-logic.ts): how roles and
 * scopes read, who is staff, and how invitation codes and their errors are presented.
 */
import {
  INVITATION_ERROR_MESSAGES,
  checkInvitationCode,
  codeFromScan,
  hasStaffRole,
  invitationErrorMessage,
  isPrivacyRefusal,
  isScanCancel,
  normalizeInvitationCode,
  roleRows,
  scopeText,
  spokenCode,
  type MeRole,
} from '../../miniprogram/services/accounts-logic';
import { InvitationErrors } from '../../cloudfunctions/accounts/src/invitations';
import { isStaff } from '../../miniprogram/custom-tab-bar/tabs';
import { workbenchEntries } from '../../miniprogram/services/workbench';

const role = (r: Partial<MeRole> & Pick<MeRole, 'role' | 'scope'>): MeRole => ({ bindingId: 'b', roleLabel: r.role, scopeNames: [], ...r });

describe('invitation codes', () => {
  test('typed or scanned codes are cleaned the way the server reads them', () => {
    expect(normalizeInvitationCode(' k7m3 q8r2tx ')).toBe('K7M3-Q8R2TX');
    expect(normalizeInvitationCode('K7M3—Q8R2TX')).toBe('K7M3-Q8R2TX'); // a Chinese keyboard's dash
    expect(codeFromScan('shouwang:invite:K7M3-Q8R2TX')).toBe('K7M3-Q8R2TX');
    expect(normalizeInvitationCode('K7M')).toBe('K7M'); // incomplete: left as typed (upper case)
    expect(normalizeInvitationCode('')).toBe('');
  });

  test('blank or wrong-length codes are stopped before they use up a try', () => {
    expect(checkInvitationCode('')).toBe('请输入邀请码');
    expect(checkInvitationCode('   ')).toBe('请输入邀请码');
    expect(checkInvitationCode('K7M3-Q8R2')).toMatch(/^邀请码为10位字母和数字/);
    expect(checkInvitationCode('K7M3-Q8R2T！')).toMatch(/^邀请码为10位字母和数字/);
    expect(checkInvitationCode('k7m3q8r2tx')).toBeNull();
  });

  test('every invitation error the server can return has a clear Chinese message; others pass through', () => {
    for (const code of [...Object.keys(InvitationErrors), 'RATE_LIMITED']) {
      expect(INVITATION_ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(invitationErrorMessage({ code: 'INVITATION_EXPIRED', message: 'x' })).toBe('邀请码已过期，请联系发放人重新生成');
    expect(invitationErrorMessage({ code: 'CONFLICT', message: '此微信已绑定其他人员，不能接受为他人发放的邀请码' })).toBe(
      '此微信已绑定其他人员，不能接受为他人发放的邀请码',
    );
  });

  test('scanner outcomes: privacy refusal and cancel are told apart from failures', () => {
    expect(isPrivacyRefusal('scanCode:fail privacy permission is not authorized')).toBe(true);
    expect(isScanCancel('scanCode:fail cancel')).toBe(true);
    expect(isPrivacyRefusal('scanCode:fail cancel')).toBe(false);
    expect(isScanCancel('scanCode:fail camera error')).toBe(false);
  });
});

describe('roles', () => {
  test('scopes read as places, schools, teams or a number of children', () => {
    expect(scopeText(role({ role: 'villageOfficer', scope: { kind: 'region', codes: ['341721100001'] }, scopeNames: ['团结社区'] }))).toBe('团结社区');
    expect(scopeText(role({ role: 'police', scope: { kind: 'region', codes: ['341721100', '341721101'] }, scopeNames: ['尧渡镇', '东流镇'] }))).toBe('尧渡镇、东流镇');
    expect(scopeText(role({ role: 'police', scope: { kind: 'region', codes: ['341721199'] } }))).toBe('341721199'); // no name known
    expect(scopeText(role({ role: 'teacher', scope: { kind: 'school', schoolId: 's', regionCode: '341721100' }, scopeNames: ['尧渡镇'] }))).toBe('本校（尧渡镇）');
    expect(scopeText(role({ role: 'helplineAgent', scope: { kind: 'team', teamId: 't' } }))).toBe('本热线团队');
    expect(scopeText(role({ role: 'parent', scope: { kind: 'children', childIds: ['a'] } }))).toBe('1名儿童');
  });

  test('rows carry supervisor and pairing kind, and mark the active role', () => {
    const rows = roleRows({
      activeRole: 'pairingMember',
      roles: [
        role({ role: 'townshipStaff', roleLabel: '乡镇工作人员', supervisor: true, scope: { kind: 'region', codes: ['341721100'] }, scopeNames: ['尧渡镇'] }),
        role({ role: 'pairingMember', roleLabel: '结对帮扶人', pairingKindLabel: '志愿者', scope: { kind: 'children', childIds: ['a', 'b'] } }),
      ],
    });
    expect(rows).toEqual([
      { role: 'townshipStaff', title: '乡镇工作人员（负责人）', scopeText: '尧渡镇', active: false },
      { role: 'pairingMember', title: '结对帮扶人 · 志愿者', scopeText: '2名儿童', active: true },
    ]);
  });

  test('staff are everyone bound to a role other than parent, entrusted guardian or public (tab bar agrees)', () => {
    for (const roles of [[], ['public'], ['parent'], ['entrustedGuardian'], ['parent', 'entrustedGuardian']]) {
      expect(hasStaffRole(roles)).toBe(false);
      expect(isStaff(roles)).toBe(false);
    }
    for (const roles of [['villageOfficer'], ['parent', 'teacher'], ['pairingMember'], ['countyAdmin']]) {
      expect(hasStaffRole(roles)).toBe(true);
      expect(isStaff(roles)).toBe(true);
    }
  });

  test('工作台 entries are shown by role', () => {
    const entries = [
      { url: '/packageRegistry/pages/list/index', label: '儿童档案', roles: ['villageOfficer', 'townshipStaff'] },
      { url: '/packageHelpline/pages/queue/index', label: '热线工单', roles: ['helplineAgent'] },
    ];
    expect(workbenchEntries(['villageOfficer'], entries).map((e) => e.label)).toEqual(['儿童档案']);
    expect(workbenchEntries(['parent'], entries)).toEqual([]);
  });
});

describe('invitation codes read out and scanned', () => {
  test('spokenCode: each character apart, digits in Chinese', () => {
    expect(spokenCode('k7m3-q8r2tx')).toBe('K、七、M、三，Q、八、R、二、T、X');
  });
  test('codeFromScan: the scene of a mini-program code, or the QR text', () => {
    expect(codeFromScan('', 'packageAccount/pages/accept/index?scene=K7M3-Q8R2TX')).toBe('K7M3-Q8R2TX');
    expect(codeFromScan('', 'packageAccount/pages/accept/index?scene=K7M3%2DQ8R2TX')).toBe('K7M3-Q8R2TX');
    expect(codeFromScan('shouwang:invite:K7M3Q8R2TX')).toBe('K7M3-Q8R2TX');
  });
});
