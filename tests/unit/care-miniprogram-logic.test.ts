/**
 * The care pages' pure logic: drafts that survive interruptions, validation messages, the words
 * on 工作台.
 */
import {
  beijingDay,
  clearDraft,
  draftHasContent,
  draftToInput,
  dueText,
  emptyDraft,
  loadDraft,
  newRequestId,
  reportStateText,
  saveDraft,
  validateDraft,
  validateReport,
  type DraftStorage,
} from '../../miniprogram/services/care-logic';

function memoryStorage(): DraftStorage & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: (k) => (map.has(k) ? JSON.parse(JSON.stringify(map.get(k))) : ''), set: (k, v) => void map.set(k, JSON.parse(JSON.stringify(v))), remove: (k) => void map.delete(k) };
}

test('Beijing day, not the phone’s zone: 23:59 and 00:01 Beijing fall on different days', () => {
  expect(beijingDay(new Date('2025-03-31T15:59:00Z'))).toBe('2025-03-31');
  expect(beijingDay(new Date('2025-03-31T16:01:00Z'))).toBe('2025-04-01');
});

test('a draft is saved per child and restored; another child’s draft is not mixed in', () => {
  const s = memoryStorage();
  const d = emptyDraft('c1', '2025-03-10', newRequestId('visit', 1_700_000_000_000, () => 0.5));
  expect(d.requestId).toMatch(/^visit-[0-9a-z]+-[0-9a-z]{6}$/);
  expect(loadDraft(s, 'c1')).toBeUndefined();
  saveDraft(s, { ...d, findings: { health: '良好' } }, 42);
  expect(loadDraft(s, 'c1')).toMatchObject({ findings: { health: '良好' }, savedAt: 42, requestId: d.requestId });
  expect(loadDraft(s, 'c2')).toBeUndefined();
  s.set('care.visitDraft.c3', { junk: true });
  expect(loadDraft(s, 'c3')).toBeUndefined();
  clearDraft(s, 'c1');
  expect(loadDraft(s, 'c1')).toBeUndefined();
});

test('a full storage never breaks typing', () => {
  const broken: DraftStorage = { get: () => { throw new Error('x'); }, set: () => { throw new Error('full'); }, remove: () => undefined };
  const d = emptyDraft('c1', '2025-03-10', 'visit-abcdefgh');
  expect(saveDraft(broken, d, 5).savedAt).toBe(5);
  expect(loadDraft(broken, 'c1')).toBeUndefined();
});

test('validation speaks Chinese and names what is missing', () => {
  const d = emptyDraft('c1', '2025-03-10', 'visit-abcdefgh');
  expect(draftHasContent(d)).toBe(false);
  expect(validateDraft(d, '2025-03-10')).toBe('请至少填写一项走访情况');
  expect(validateDraft({ ...d, findings: { health: '  ' } }, '2025-03-10')).toBe('请至少填写一项走访情况');
  expect(validateDraft({ ...d, date: '2025-03-11', findings: { health: '良好' } }, '2025-03-10')).toBe('走访日期不能晚于今天');
  expect(validateDraft({ ...d, findings: { other: 'x'.repeat(501) } }, '2025-03-10')).toBe('其他情况不能超过500字');
  expect(validateDraft({ ...d, findings: { health: '良好' } }, '2025-03-10')).toBeUndefined();
  expect(draftToInput({ ...d, findings: { health: ' 良好 ', family: '' } })).toEqual({ childId: 'c1', requestId: 'visit-abcdefgh', date: '2025-03-10', kind: 'home', findings: { health: '良好' }, photos: [] });
  expect(validateReport({ childId: 'c1' })).toBeUndefined();
  expect(validateReport({ villageCode: '3417' })).toBe('请选择儿童所在村（社区）');
  expect(validateReport({ villageCode: '341721100001', childDescription: '' })).toBe('请简要描述儿童情况，便于核实');
});

test('工作台 words: how overdue a visit is, how long is left to acknowledge a report', () => {
  expect(dueText({ status: 'overdue', daysOverdue: 3, dueOn: '2025-03-07' })).toBe('已逾期3天');
  expect(dueText({ status: 'dueToday', daysOverdue: 0, dueOn: '2025-03-10' })).toBe('今日到期');
  expect(dueText({ status: 'upcoming', daysOverdue: 0, dueOn: '2025-04-01' })).toBe('4月1日到期');
  const now = new Date('2025-03-10T12:00:00Z');
  expect(reportStateText({ status: 'open', ackDueAt: '2025-03-10T12:45:00Z' }, now)).toBe('请在45分钟内确认');
  expect(reportStateText({ status: 'open', ackDueAt: '2025-03-11T12:00:00Z' }, now)).toBe('请在24小时内确认');
  expect(reportStateText({ status: 'open', ackDueAt: '2025-03-10T11:00:00Z', escalatedAt: '2025-03-10T11:01:00Z' }, now)).toBe('超时未确认，已上报县民政局');
  expect(reportStateText({ status: 'acknowledged', ackDueAt: '2025-03-10T11:00:00Z' }, now)).toBe('处置中');
});

describe('staff pages in words (care-views)', () => {
  test('plans, visitors and unknown values read as words, never as codes', async () => {
    const v = await import('../../miniprogram/packageCare/services/care-views');
    const plan = { childId: 'c1', riskLevel: 'focus' as const, intervalDays: 30, lastVisitOn: '2026-02-01', dueOn: '2026-03-03', status: 'overdue' as const, daysOverdue: 1 };
    expect(v.planText(plan)).toBe('已逾期1天（应于3月3日走访；重点对象每30天走访一次）');
    expect(v.planText({ ...plan, status: 'dueToday', daysOverdue: 0 })).toBe('今天应走访（重点对象每30天走访一次）');
    expect(v.planText(null)).toBe('已退出在册，无需再走访');
    expect(v.lastVisitText(plan)).toBe('上次走访：2026年2月1日');
    expect(v.lastVisitText({ ...plan, lastVisitOn: undefined })).toBe('还没有走访记录');
    expect(v.visitorText({ personId: 'p', role: 'pairingMember', name: '郑小红', pairingKind: 'neighbour' })).toBe('郑小红（结对帮扶人 · 邻居）');
    expect(v.visitorText({ personId: 'p', role: 'somethingNew', name: '' })).toBe('未留姓名（工作人员）');
    expect(v.labelIn({ a: '甲' }, 'b')).toBe('未说明');
    expect(v.riskText('unknown')).toBe('未说明对象');
  });

  test('the triad: places in order, who since when, the candidates who may fill a place', async () => {
    const v = await import('../../miniprogram/packageCare/services/care-views');
    const rows = v.slotRows({ members: [{ slot: 'neighbour', filled: true, personId: 'p1', name: '何志明', kind: 'neighbour', since: '2026-03-01T02:00:00.000Z' }] });
    expect(rows.map((r) => [r.label, r.who, r.since])).toEqual([
      ['村（社区）干部', '未落实', ''],
      ['网格员或志愿者', '未落实', ''],
      ['邻居', '何志明（邻居）', '3月1日起'],
    ]);
    const candidates = [
      { personId: 'a', name: '周建国', kind: 'gridWorker', slot: 'helper' as const, villageCode: null },
      { personId: 'b', name: '李秀英', kind: 'volunteer', slot: undefined, villageCode: null },
      { personId: 'c', name: '何志明', kind: 'neighbour', slot: 'neighbour' as const, villageCode: null },
    ];
    expect(v.candidateOptions(candidates, 'helper').map((o) => `${o.label}（${o.hint}）`)).toEqual(['周建国（网格员）', '李秀英（志愿者）']);
    expect(v.missingText(['helper', 'neighbour'])).toBe('缺 网格员或志愿者、邻居');
  });

  test('settings: rows in order with hours; only changes are sent; a value out of range names its row', async () => {
    const v = await import('../../miniprogram/packageCare/services/care-views');
    const before = { visitIntervalDays: { focus: 30, attention: 60, regular: 90 }, reportAckMinutes: { missing: 60, livingAlone: 1440, guardianIncapable: 1440, abuseNeglect: 1440, other: 2880 } };
    const rows = v.settingRows(before);
    expect(rows.map((r) => r.label)).toEqual(['重点对象', '关注对象', '一般对象', '失踪', '脱离监护单独居住', '监护人丧失监护能力', '遭受侵害或疏于照料', '其他']);
    expect(rows.filter((r) => r.group === 'ack').map((r) => r.hint)).toEqual(['1小时', '24小时', '24小时', '24小时', '2天']);
    expect(v.settingsChange(rows, before)).toEqual({ input: undefined });
    const edited = rows.map((r) => (r.key === 'attention' ? { ...r, value: '45' } : r));
    expect(v.settingsChange(edited, before)).toEqual({ input: { visitIntervalDays: { attention: 45 } } });
    expect(v.settingsChange(rows.map((r) => (r.key === 'regular' ? { ...r, value: '400' } : r)), before)).toEqual({ problem: '一般对象的走访间隔应为1–365天' });
    expect(v.settingsChange(rows.map((r) => (r.key === 'other' ? { ...r, value: '1.5' } : r)), before)).toEqual({ problem: '“其他”的确认时限应为5分钟到7天（10080分钟）之间' });
    expect(v.minutesText(90)).toBe('1小时30分钟');
  });
});
