/**
 * Pure logic of the guardianship staff pages (miniprogram/services/guardianship-staff.ts): the
 * child file's confirmation summary, the order rows and contact form, the signing task rows, the
 * county settings form.
 */
import {
  CONFIG_FIELDS,
  assistableParties,
  confirmationSummary,
  emptyContactForm,
  orderRows,
  partiesPreview,
  taskRows,
  validateConfig,
  validateContact,
  validateRevoke,
  type ConfirmationBrief,
} from '../../miniprogram/services/guardianship-staff';
import * as contract from '../../cloudfunctions/_shared/contracts/guardianship';
import { workbenchEntries } from '../../miniprogram/services/workbench';

const conf = (id: string, status: ConfirmationBrief['status'], extra: Partial<ConfirmationBrief> = {}): ConfirmationBrief => ({
  id,
  status,
  parties: [
    { key: 'father', signed: true },
    { key: 'entrusted', signed: false },
    { key: 'village', signed: false },
  ],
  ...extra,
});

describe('the settings form uses the ranges updateCountyConfig accepts', () => {
  test('each setting: its min and max accepted, one beyond refused', () => {
    for (const [key, f] of Object.entries(CONFIG_FIELDS)) {
      const ok = (n: number) => contract.guardianshipConfigInput.safeParse({ [key]: n, reason: '测试调整' }).success;
      expect([key, ok(f.min), ok(f.max), ok(f.min - 1), ok(f.max + 1)]).toEqual([key, true, true, false, false]);
    }
  });
});

describe('confirmation summary on the child file', () => {
  test('none at all: prepare allowed, nothing to revoke', () => {
    expect(confirmationSummary([])).toMatchObject({ state: 'none', label: '暂无', detail: '尚未签订监护责任确认书', canPrepare: true, revocable: [] });
  });
  test('pending: who still has to sign; no second one can be prepared; it can be revoked', () => {
    const s = confirmationSummary([conf('c2', 'pending')]);
    expect(s).toMatchObject({ state: 'pending', label: '待签署', openId: 'c2', canPrepare: false });
    expect(s.detail).toBe('已签 1/3，待受委托监护人、村（居）民委员会签署');
    expect(s.revocable).toEqual([{ id: 'c2', label: '撤销待签署的确认书' }]);
  });
  test('in force wins over a newer pending renewal, and both can be revoked', () => {
    const s = confirmationSummary([conf('new', 'pending'), conf('old', 'inForce', { expiresOn: '2027-03-02' })]);
    expect(s).toMatchObject({ state: 'inForce', openId: 'old', pendingId: 'new', canPrepare: false });
    expect(s.detail).toBe('有效期至 2027-03-02 前一日；另有一份新确认书待签署');
    expect(s.revocable.map((r) => r.id)).toEqual(['old', 'new']);
  });
  test('expired: says so and offers a new one', () => {
    expect(confirmationSummary([conf('e', 'expired', { expiresOn: '2026-01-01' })])).toMatchObject({ state: 'expired', label: '已到期', detail: '已于 2026-01-01 到期，请重新签订', canPrepare: true, revocable: [] });
  });
  test('the latest revoked: none, with the reason in Chinese', () => {
    const s = confirmationSummary([conf('r', 'revoked', { revokeReason: 'guardianChanged' }), conf('e', 'expired')]);
    expect(s).toMatchObject({ state: 'none', openId: 'r', detail: '最近一份已撤销（监护人变更），请重新签订', canPrepare: true });
  });
  test('the preview of parties follows the function: named guardians, always the village committee', () => {
    expect(partiesPreview({ father: { name: '陈建业' }, entrusted: { name: '陈桂芳' } }).labels).toEqual(['法定监护人（父亲）', '受委托监护人', '村（居）民委员会']);
    expect(partiesPreview({ father: {} }).problem).toContain('未填写父母或受委托监护人姓名');
  });
  test('revocation needs a reason; 其他 needs a note', () => {
    expect(validateRevoke('', '')).toEqual({ ok: false, message: '请选择撤销原因' });
    expect(validateRevoke('other', ' ')).toMatchObject({ ok: false });
    expect(validateRevoke('guardianChanged', '')).toEqual({ ok: true, input: { reason: 'guardianChanged' } });
    expect(validateRevoke('other', ' 重复制作 ')).toEqual({ ok: true, input: { reason: 'other', note: '重复制作' } });
  });
});

describe('orders', () => {
  const base = { childId: 'child-000123', reason: 'none', status: 'open' as const, openedOn: '2026-03-01', escalated: false, contacts: [] };
  test('overdue first, then by deadline; reason, deadline and contacts in words', () => {
    const rows = orderRows([
      { ...base, id: 'a', dueOn: '2026-03-08', overdue: false },
      { ...base, id: 'b', dueOn: '2026-03-09', overdue: true, escalated: true, contacts: [{}, {}] },
      { ...base, id: 'c', dueOn: '2026-03-05', overdue: false, childName: '王*明', reason: 'parentIncapable' },
    ]);
    expect(rows.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(rows[0]).toMatchObject({ title: '儿童（档案号尾号 000123）', description: '无人监护 · 期限 2026-03-09 · 已联系 2 次', overdue: true, escalated: true });
    expect(rows[1]).toMatchObject({ title: '王*明', description: '父母一方无监护能力 · 期限 2026-03-05 · 尚未联系' });
  });
  test('a closed order shows its result', () => {
    expect(orderRows([{ ...base, id: 'x', status: 'closed', dueOn: '2026-03-08', overdue: false, resolutionLabel: '父母已返回' }])[0].description).toBe('无人监护 · 已办结：父母已返回');
  });
  test('the contact form', () => {
    const f = emptyContactForm();
    expect(validateContact(f)).toEqual({ ok: false, message: '请选择是否联系上父母' });
    expect(validateContact({ ...f, reached: true, note: '好' })).toEqual({ ok: false, message: '请填写联系情况（至少 2 个字）' });
    expect(validateContact({ ...f, reached: false, note: '无人接听', promisedOn: '3月20日' })).toMatchObject({ ok: false, message: '承诺日期格式应为 YYYY-MM-DD' });
    expect(validateContact({ ...f, method: 'visit', reached: true, note: ' 上门见到母亲 ', promisedOn: '2026-03-20' })).toEqual({
      ok: true,
      input: { method: 'visit', reached: true, note: '上门见到母亲', promisedOn: '2026-03-20' },
    });
    const input = (validateContact({ ...f, reached: true, note: '已联系父亲' }) as { input: unknown }).input;
    expect(contract.logOrderContactInput.safeParse({ orderId: 'o1', ...(input as object) }).success).toBe(true);
  });
});

describe('signing tasks', () => {
  test('one row per line, oldest first, each opening the signing page for that line', () => {
    const rows = taskRows([
      { id: 'c2', childId: 'k', title: '确认书', parties: ['village'], preparedAt: '2026-03-02T02:00:00.000Z' },
      { id: 'c1', childId: 'k', title: '确认书', parties: ['father', 'mother'], preparedAt: '2026-03-01T02:00:00.000Z' },
    ]);
    expect(rows.map((r) => r.url)).toEqual([
      '/packageGuardianship/pages/sign/index?id=c1&party=father',
      '/packageGuardianship/pages/sign/index?id=c1&party=mother',
      '/packageGuardianship/pages/sign/index?id=c2&party=village',
    ]);
    expect(rows[2].description).toBe('签署方：村（居）民委员会 · 制作于 2026-03-02');
  });
});

describe('county settings form', () => {
  const current = { confirmationExpiryDays: 365, confirmationReminderLeadDays: 30, orderDeadlineDays: 7, checkInIntervalDays: 14 };
  const form = { confirmationExpiryDays: '365', confirmationReminderLeadDays: '30', orderDeadlineDays: '7', checkInIntervalDays: '14' };
  test('sends only what changed, with the reason', () => {
    expect(validateConfig({ ...form, orderDeadlineDays: '10' }, current, ' 县里要求 ')).toEqual({ ok: true, input: { orderDeadlineDays: 10, reason: '县里要求' }, changed: ['orderDeadlineDays'] });
  });
  test('Chinese messages for empty, non-integer, out of range, inconsistent, unchanged and no reason', () => {
    expect(validateConfig({ ...form, orderDeadlineDays: '' }, current, '理由')).toMatchObject({ ok: false, field: 'orderDeadlineDays', message: '请填写责令返回或确定监护人期限' });
    expect(validateConfig({ ...form, checkInIntervalDays: '7.5' }, current, '理由')).toMatchObject({ ok: false, message: '亲情连线提醒间隔须为整数天数' });
    expect(validateConfig({ ...form, confirmationExpiryDays: '20' }, current, '理由')).toMatchObject({ ok: false, message: '确认书有效期应在 30–1098 天之间' });
    expect(validateConfig({ ...form, confirmationExpiryDays: '60', confirmationReminderLeadDays: '90' }, current, '理由')).toMatchObject({ ok: false, field: 'confirmationReminderLeadDays', message: '到期提醒的提前天数应小于确认书有效期' });
    expect(validateConfig(form, current, '理由')).toEqual({ ok: false, message: '设置没有变化' });
    expect(validateConfig({ ...form, orderDeadlineDays: '10' }, current, ' ')).toMatchObject({ ok: false, message: '请填写修改理由（至少 2 个字，将留痕）' });
  });
});

describe('workbench entries', () => {
  const labels = (roles: string[]) => workbenchEntries(roles).map((e) => e.label);
  test('signers see 待我签署; township staff, police and the county see orders; only the county the settings', () => {
    for (const r of ['parent', 'entrustedGuardian', 'villageOfficer']) expect(labels([r])).toContain('待我签署（监护责任确认书）');
    for (const r of ['townshipStaff', 'police', 'countyAdmin']) expect(labels([r])).toContain('监护责令');
    expect(labels(['townshipStaff'])).not.toContain('待我签署（监护责任确认书）');
    expect(labels(['countyAdmin'])).toContain('监护工作设置');
    expect(labels(['police'])).not.toContain('监护工作设置');
  });
});

describe('assisted signing', () => {
  test('a village officer, a pending document, unsigned guardian lines only', () => {
    const c = { status: 'pending', parties: [{ key: 'father' as const, signed: false }, { key: 'mother' as const, signed: true }, { key: 'village' as const, signed: false }] };
    expect(assistableParties(c, ['villageOfficer'])).toEqual([{ key: 'father', label: '法定监护人（父亲）' }]);
    expect(assistableParties(c, ['townshipStaff'])).toEqual([]);
    expect(assistableParties({ ...c, status: 'inForce' }, ['villageOfficer'])).toEqual([]);
  });
});
