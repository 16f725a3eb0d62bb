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
  expect(validateReport({ villageCode: '3417' })).toBe('请填写儿童所在村（社区）的12位区划代码');
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
