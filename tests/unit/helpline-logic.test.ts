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
