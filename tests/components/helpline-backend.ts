/**
 * A mocked helpline function for the agent pages' tests (workbench, supervisor): one urgent,
 * anonymous request in the queue, claimable once; metrics and duty for the supervisor view.
 * Answers at `wx.cloud.callFunction`, the way the pages call it in cloud mode.
 */
const cloud = () => (global as any).wx.cloud as { callFunction: jest.Mock };

export const QUEUED = {
  id: 'hl9',
  requestNo: 'HL20250303-def456',
  teamId: 't',
  source: 'app',
  category: 'psychological',
  categoryLabel: '心理健康',
  description: '我不想活了',
  requesterKind: 'child',
  anonymous: true,
  requesterLabel: '匿名-1a2b3c',
  replyChannel: 'thread',
  priority: 'urgent',
  priorityLabel: '紧急',
  crisis: true,
  status: 'open',
  statusLabel: '排队中',
  submittedAt: '2025-03-03T01:00:00.000Z',
  mine: false,
};


export function mockHelpline(): string[] {
  const calls: string[] = [];
  let claimed = false;
  cloud().callFunction.mockImplementation(async ({ name, data }: { name: string; data: { action: string } }) => {
    calls.push(`${name}.${data.action}`);
    const mineView = { ...QUEUED, status: 'claimed', statusLabel: '处理中', mine: true };
    switch (`${name}.${data.action}`) {
      case 'helpline.queue':
        return { result: { ok: true, data: { waiting: claimed ? 0 : 1, claimed: claimed ? 1 : 0, requests: claimed ? [] : [QUEUED] } } };
      case 'helpline.myClaims':
        return { result: { ok: true, data: { requests: claimed ? [mineView] : [] } } };
      case 'helpline.setDuty':
        return { result: { ok: true, data: { onDuty: (data as unknown as { data: { onDuty: boolean } }).data.onDuty } } };
      case 'helpline.claimNext':
        claimed = true;
        return { result: { ok: true, data: { request: mineView } } };
      case 'helpline.getRequest':
        return { result: { ok: true, data: { request: mineView, messages: [], referrals: [], history: [] } } };
      case 'helpline.metrics':
        return {
          result: {
            ok: true,
            data: {
              teamId: 't',
              now: '2025-03-03T12:00:00.000Z',
              waitingNow: 2,
              longestWaitMs: 45 * 60_000,
              rows: [],
              total: { period: 'x', submitted: 5, firstResponse: { count: 3, p50Ms: 720_000, p90Ms: 2_100_000 }, handle: { count: 2, p50Ms: 600_000, p90Ms: 900_000 }, abandoned: 1, abandonedRate: 0.2, referrals: { due: 0, answeredInTime: 0, rate: null }, satisfaction: { count: 0, mean: null, satisfiedRate: null } },
            },
          },
        };
      case 'helpline.exportMetrics':
        return { result: { ok: true, data: { fileName: '热线服务指标.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: 'UEsDBA==' } } };
      case 'helpline.dutyBoard':
        return { result: { ok: true, data: { onDuty: [{ personId: 'p1', name: '钱佳怡', since: '2025-03-03T00:00:00.000Z', holding: 1 }] } } };
      default:
        throw { errCode: -501000, errMsg: 'no mock' };
    }
  });
  return calls;
}
