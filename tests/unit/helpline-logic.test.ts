/**
 * Pure helpline rules: crisis word matching (a list, NFKC substring), the metric helpers (ISO
 * weeks, nearest-rank percentiles) and the mini-program's form and display rules.
 */
import { cleanWordList, DEFAULT_CRISIS_WORDS, findCrisisWords, normaliseForMatch } from '../../cloudfunctions/helpline/src/crisis-words';
import { isoWeekOf, percentile } from '../../cloudfunctions/helpline/src/metrics';
import { EMPTY_FORM, formatDuration, formatRate, formatTime, lastDays, metricsRowView, newRequestId, submitPayload, validateHelpForm } from '../../miniprogram/services/helpline-logic';

describe('crisis words', () => {
  test('match as plain substrings after NFKC, case folding and without spaces', () => {
    expect(findCrisisWords('我真的 不 想 活 了', DEFAULT_CRISIS_WORDS)).toEqual(['不想活']);
    expect(findCrisisWords('ＳＯＳ，我被家暴', ['sos', '家暴'])).toEqual(['sos', '家暴']);
    expect(findCrisisWords('想咨询升学政策', DEFAULT_CRISIS_WORDS)).toEqual([]);
    expect(normaliseForMatch(' Ａ Ｂ\tc ')).toBe('abc');
  });
  test('an edited list is trimmed and deduplicated by normalised form', () => {
    expect(cleanWordList([' 自杀 ', '自杀', 'ＳＯＳ', 'sos', '', '  '])).toEqual(['自杀', 'ＳＯＳ']);
  });
});

describe('metric helpers', () => {
  test('ISO weeks of calendar days, across year ends', () => {
    expect(isoWeekOf('2025-03-03')).toBe('2025-W10');
    expect(isoWeekOf('2025-03-09')).toBe('2025-W10');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
  });
  test('nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([35, 10, 12], 50)).toBe(12);
    expect(percentile([35, 10, 12], 90)).toBe(35);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 90)).toBe(7);
  });
});

describe('求助 form', () => {
  const filled = { ...EMPTY_FORM, category: 'legal' as const, requesterKind: 'child' as const, description: ' 在学校被欺负 ' };
  test('asks for what is missing, in order', () => {
    expect(validateHelpForm(EMPTY_FORM)).toBe('请选择求助类别');
    expect(validateHelpForm({ ...EMPTY_FORM, category: 'legal' })).toBe('请选择您的身份');
    expect(validateHelpForm({ ...filled, description: '   ' })).toBe('请简单描述您遇到的情况');
    expect(validateHelpForm({ ...filled, replyChannel: 'phone', callbackPhone: '12' })).toBe('请填写正确的回电号码');
    expect(validateHelpForm(filled)).toBeUndefined();
    expect(validateHelpForm({ ...filled, anonymous: true, replyChannel: 'phone', callbackPhone: '' })).toBeUndefined();
  });
  test('anonymous requests never send a phone number', () => {
    expect(submitPayload({ ...filled, anonymous: true, replyChannel: 'phone', callbackPhone: '13800001111' }, 'rq-1')).toEqual({
      requestId: 'rq-1',
      category: 'legal',
      description: '在学校被欺负',
      requesterKind: 'child',
      anonymous: true,
      replyChannel: 'thread',
    });
    expect(submitPayload({ ...filled, replyChannel: 'phone', callbackPhone: ' 13800001111 ' }, 'rq-2')).toMatchObject({ replyChannel: 'phone', callbackPhone: '13800001111' });
  });
  test('request ids are long enough for the contract and differ', () => {
    const a = newRequestId(1_700_000_000_000, () => 0.1);
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(newRequestId(1_700_000_000_000, () => 0.2)).not.toBe(a);
  });
});

describe('display', () => {
  test('durations, rates and Beijing times', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(20_000)).toBe('不到1分钟');
    expect(formatDuration(25 * 60_000)).toBe('25分钟');
    expect(formatDuration(125 * 60_000)).toBe('2小时5分钟');
    expect(formatDuration(76 * 3600_000)).toBe('3天4小时');
    expect(formatRate(0.375)).toBe('37.5%');
    expect(formatRate(null)).toBe('—');
    expect(formatTime('2025-03-03T01:05:00Z')).toBe('3月3日 09:05');
  });
  test('the last 7 Shanghai days end today in Shanghai', () => {
    expect(lastDays(Date.parse('2025-03-03T17:00:00Z'), 7)).toEqual({ from: '2025-02-26', to: '2025-03-04' });
  });
  test('a metrics row reads as the supervisor expects', () => {
    const v = metricsRowView({
      period: '2025-03-03',
      submitted: 5,
      firstResponse: { count: 3, p50Ms: 12 * 60_000, p90Ms: 35 * 60_000 },
      handle: { count: 2, p50Ms: 10 * 60_000, p90Ms: 15 * 60_000 },
      abandoned: 1,
      abandonedRate: 0.2,
      referrals: { due: 2, answeredInTime: 1, rate: 0.5 },
      satisfaction: { count: 2, mean: 4, satisfiedRate: 0.5 },
    });
    expect(v.lines).toEqual([
      { label: '求助数', value: '5' },
      { label: '首次响应（中位 / 90%）', value: '12分钟 / 35分钟' },
      { label: '处理时长（中位 / 90%）', value: '10分钟 / 15分钟' },
      { label: '放弃', value: '1（20%）' },
      { label: '转介按期答复', value: '1/2（50%）' },
      { label: '满意度', value: '4.0分，满意率50%' },
    ]);
  });
});

describe('free text', () => {
  test('hidden control characters (NUL, right-to-left override) are refused with a Chinese message; new lines are fine', async () => {
    const { postMessageInput } = await import('../../cloudfunctions/_shared/contracts/helpline');
    const base = { id: 'req-1', messageId: 'msg-00000001' };
    expect(postMessageInput.safeParse({ ...base, text: '第一行\n第二行\t好' }).success).toBe(true);
    for (const bad of ['有\u0000空字符', '文件名\u202Egpj.exe']) {
      const r = postMessageInput.safeParse({ ...base, text: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toBe('内容包含不可见的控制字符，请删除后重试');
    }
  });
});

describe('agents’ forms and lists', () => {
  test('a referral needs a place for police and civil affairs, a school for a school, a reason of 4 characters', async () => {
    const { EMPTY_REFER, referPayload, validateReferForm } = await import('../../miniprogram/services/helpline-logic');
    const f = { ...EMPTY_REFER, summary: '请核实照料情况', reason: '需要线下核实' };
    expect(validateReferForm(f)).toBe('请选择转介部门');
    expect(validateReferForm({ ...f, department: 'police' })).toBe('请选择转介到哪个乡镇或村（社区）');
    expect(validateReferForm({ ...f, department: 'school' })).toBe('请选择转介的学校');
    expect(validateReferForm({ ...f, department: 'hospital' })).toBeUndefined();
    expect(validateReferForm({ ...f, department: 'police', regionCode: '341721100', reason: '核实' })).toBe('请说明转介理由（至少4个字）');
    expect(referPayload({ ...f, department: 'police', regionCode: '341721100', schoolId: 'ignored' }, 'hl1')).toEqual({
      id: 'hl1',
      department: 'police',
      regionCode: '341721100',
      summary: '请核实照料情况',
      reason: '需要线下核实',
      deadlineDays: 3,
    });
    expect(referPayload({ ...f, department: 'school', schoolId: 's1', regionCode: '341721100' }, 'hl1')).toMatchObject({ schoolId: 's1' });
    expect(referPayload({ ...f, department: 'school', schoolId: 's1', regionCode: '341721100' }, 'hl1')).not.toHaveProperty('regionCode');
  });

  test('a logged call never carries an anonymous caller’s number; a bad number is named', async () => {
    const { EMPTY_CALL, callPayload, validateCallForm } = await import('../../miniprogram/services/helpline-logic');
    const f = { ...EMPTY_CALL, category: 'legal' as const, requesterKind: 'parent' as const, description: ' 来电咨询 ', callbackPhone: '139 0000 2222' };
    expect(validateCallForm({ ...f, callbackPhone: 'abc' })).toBe('回电号码格式不对，请检查');
    expect(validateCallForm({ ...f, anonymous: true, callbackPhone: 'abc' })).toBeUndefined();
    expect(callPayload({ ...f, anonymous: true }, 'rq-1')).toEqual({ requestId: 'rq-1', category: 'legal', requesterKind: 'parent', description: '来电咨询', anonymous: true, urgent: false });
    expect(callPayload(f, 'rq-1').callbackPhone).toBe('139 0000 2222');
  });

  test('transfer choices say who is on duty; the payload names a person or a team', async () => {
    const { transferOptions, transferPayload } = await import('../../miniprogram/services/helpline-logic');
    const opts = transferOptions({ agents: [{ personId: 'p1', name: '周敏', onDuty: true }], teams: [{ teamId: 't2', name: '县妇联维权热线' }], schools: [], sites: [] });
    expect(opts.map((o) => [o.label, o.hint])).toEqual([
      ['周敏', '同事 · 值班中'],
      ['县妇联维权热线', '其他热线团队（进入对方队列）'],
    ]);
    expect(transferPayload('hl1', opts[0].value, ' ')).toEqual({ id: 'hl1', toPersonId: 'p1' });
    expect(transferPayload('hl1', opts[1].value, '请跟进')).toEqual({ id: 'hl1', toTeamId: 't2', note: '请跟进' });
  });

  test('referral rows: open ones by deadline, overdue said in words; answered after, newest first', async () => {
    const { referralRows } = await import('../../miniprogram/services/helpline-logic');
    const base = { requestNo: 'HL1', department: 'police', departmentLabel: '公安', summary: 's', categoryLabel: '法律咨询', urgent: false, createdAt: '2026-03-01T00:00:00.000Z', reply: null, answeredAt: null, answeredInTime: null, statusLabel: '' };
    const rows = referralRows(
      [
        { ...base, id: 'late-answer', status: 'answered', deadline: '2026-03-02T00:00:00.000Z', reply: '已处理', answeredAt: '2026-03-02T08:00:00.000Z' },
        { ...base, id: 'due-later', status: 'sent', deadline: '2026-03-05T02:00:00.000Z' },
        { ...base, id: 'overdue', status: 'sent', deadline: '2026-03-01T02:00:00.000Z' },
      ] as never,
      new Date('2026-03-02T04:00:00.000Z'),
    );
    expect(rows.map((r) => [r.id, r.tone, r.answerable])).toEqual([
      ['overdue', 'danger', true],
      ['due-later', 'warning', true],
      ['late-answer', 'success', false],
    ]);
    expect(rows[0].description).toContain('答复期限3月1日 10:00，已过');
    expect(rows[1].description).toContain('请于3月5日 10:00前答复');
  });

  test('a crisis word list typed as text: lines, commas and 、 separate; duplicates drop; limits named', async () => {
    const { crisisWordsChange, parseCrisisWords } = await import('../../miniprogram/services/helpline-logic');
    expect(parseCrisisWords('自杀\n 不想活 ，家暴、被拐\n\n自杀')).toEqual({ words: ['自杀', '不想活', '家暴', '被拐'] });
    expect(parseCrisisWords(' \n ')).toEqual({ problem: '词表不能为空，请至少保留一个词' });
    expect(parseCrisisWords('一二三四五六七八九十一二三四五六七八九十一')).toEqual({ problem: '“一二三四五六七八九十…”太长：每个词不超过20个字' });
    expect(crisisWordsChange(['自杀', '家暴'], ['自杀', '被拐', '走失']).text).toBe('新增2个，删除1个');
    expect(crisisWordsChange(['自杀'], ['自杀']).text).toBe('没有改动');
  });
});

describe('places by name', () => {
  test('picker choices per level; 全镇 stands for the township; codes read back as names', async () => {
    const { pickedCode, regionChoices, regionPath } = await import('../../miniprogram/services/regions-logic');
    const tree = { county: { code: '341721', name: '东至县' }, townships: [{ code: '341721100', name: '尧渡镇', villages: [{ code: '341721100001', name: '团结社区' }] }] };
    expect(regionChoices(tree, 'township')).toEqual([{ label: '尧渡镇', value: '341721100' }]);
    expect(regionChoices(tree, 'village')[0].children).toEqual([{ label: '团结社区', value: '341721100001' }]);
    const any = regionChoices(tree, 'any')[0].children!;
    expect(any[0].label).toBe('全镇（尧渡镇）');
    expect(pickedCode(any[0].value)).toBe('341721100');
    expect(pickedCode(any[1].value)).toBe('341721100001');
    expect(regionPath(tree, '341721100001')).toBe('尧渡镇 · 团结社区');
    expect(regionPath(tree, '341721100')).toBe('尧渡镇');
    expect(regionPath(tree, '341721999001')).toBe('');
  });
});
