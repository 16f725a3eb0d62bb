/**
 * The invite form's rules (miniprogram/services/invite-logic.ts): places listed township first,
 * what is missing said in order, the createInvitation input built only from the server's choices
 * (several townships for police), and the card as it reads.
 */
import { cardView, emptyInviteForm, invitationInput, townsOf, visibleChoices } from '../../miniprogram/packageAccount/services/invite-logic';

const v = (code: string, label: string, group: string) => ({ key: code, label, group, scope: { kind: 'region' as const, codes: [code] } });
const t = (code: string, label: string) => ({ key: code, label, group: undefined, scope: { kind: 'region' as const, codes: [code] } });
const OPTIONS: any = {
  roles: [
    { role: 'villageOfficer', roleLabel: '村留守儿童保护专干', multiple: false, choices: [v('341721100001', '团结社区', '尧渡镇'), v('341721101001', '新桥村', '东流镇')], supervisorOption: false },
    { role: 'police', roleLabel: '公安民警', multiple: true, choices: [t('341721100', '尧渡镇'), t('341721101', '东流镇')], supervisorOption: false },
    { role: 'pairingMember', roleLabel: '结对帮扶人', multiple: false, choices: [{ key: 'child', label: '这名儿童', scope: { kind: 'children', childIds: ['c1'] } }], pairingKinds: [{ value: 'volunteer', label: '志愿者' }], supervisorOption: false },
    { role: 'schoolStaff', roleLabel: '学校工作人员', multiple: false, choices: [], supervisorOption: false, unavailable: '学校名录中还没有您可邀请的学校' },
  ],
};

test('villages are listed for the chosen township only', () => {
  const o = OPTIONS.roles[0];
  expect(townsOf(o)).toEqual([{ key: '尧渡镇', label: '尧渡镇' }, { key: '东流镇', label: '东流镇' }]);
  expect(visibleChoices(o, '')).toEqual([]);
  expect(visibleChoices(o, '东流镇').map((c) => c.label)).toEqual(['新桥村']);
  expect(visibleChoices(OPTIONS.roles[1], '')).toHaveLength(2);
});

test('what is missing is said in the order the form asks', () => {
  const f = emptyInviteForm('req-12345678');
  expect(invitationInput(f, OPTIONS)).toEqual({ ok: false, message: '请选择邀请的身份' });
  expect(invitationInput({ ...f, role: 'villageOfficer' }, OPTIONS)).toEqual({ ok: false, message: '请先选择乡镇，再选择村（社区）' });
  expect(invitationInput({ ...f, role: 'pairingMember' }, OPTIONS)).toEqual({ ok: false, message: '请选择结对帮扶人的类型' });
  expect(invitationInput({ ...f, role: 'pairingMember', pairingKind: 'volunteer' }, OPTIONS)).toEqual({ ok: false, message: '请填写受邀人姓名' });
  expect(invitationInput({ ...f, role: 'schoolStaff' }, OPTIONS)).toEqual({ ok: false, message: '学校名录中还没有您可邀请的学校' });
});

test('police may be given several townships; the input holds only what the server offered', () => {
  const r = invitationInput({ ...emptyInviteForm('req-12345678'), role: 'police', choiceKeys: ['341721100', '341721101', '999999999'], name: ' 张警官 ' }, OPTIONS);
  expect(r).toEqual({ ok: true, input: { role: 'police', scope: { kind: 'region', codes: ['341721100', '341721101'] }, inviteeName: '张警官', ttlDays: 7, requestId: 'req-12345678' } });
});

test('the card: the mini-program code when there is one, else the QR code and why', () => {
  const created: any = {
    invitationId: 'i',
    code: 'k7m3q8r2tx',
    qrImage: 'data:qr',
    card: { roleLabel: '父母', scopeText: '林*雨（团结社区）', inviteeName: '陈建国', expiresAt: '2026-03-09T02:00:00.000Z', sharePath: 'packageAccount/pages/accept/index?code=K7M3-Q8R2TX', miniCode: null, miniCodeNote: '暂时无法生成小程序码' },
  };
  expect(cardView(created)).toMatchObject({ title: '邀请 陈建国 成为父母', code: 'K7M3-Q8R2TX', image: 'data:qr', imageHint: '暂时无法生成小程序码', expiresText: '3月9日 10:00', sharePath: '/packageAccount/pages/accept/index?code=K7M3-Q8R2TX' });
  expect(cardView({ ...created, card: { ...created.card, miniCode: 'data:mini' } }).image).toBe('data:mini');
});
