/**
 * Invented helpline data for the agent and department pages (no real person): the queue, a
 * crisis request held by the agent, a logged call, referrals to a township and a school, the
 * crisis word list, and the county's places. Used by the page tests and the screenshots.
 */
const AT = (iso: string) => new Date(iso).toISOString();

export const CRISIS = {
  id: 'hl-crisis',
  requestNo: 'HL20260302-7f3a21',
  teamId: 'team-12355',
  source: 'app',
  category: 'psychological',
  categoryLabel: '心理健康',
  description: '爸妈都在外地打工，奶奶不懂我。这几天觉得活不下去了，没人可以说话。',
  requesterKind: 'child',
  anonymous: false,
  requesterLabel: '求助人',
  replyChannel: 'phone',
  callbackPhone: '13800005678',
  priority: 'urgent',
  priorityLabel: '紧急',
  crisis: true,
  status: 'open',
  statusLabel: '排队中',
  submittedAt: AT('2026-03-02T21:12:00+08:00'),
  mine: false,
};

export const NORMAL = {
  ...CRISIS,
  id: 'hl-normal',
  requestNo: 'HL20260302-19bc04',
  category: 'familyEducation',
  categoryLabel: '家庭教育',
  description: '孩子在奶奶家，打电话总是不愿意说话，怎么沟通比较好？',
  requesterKind: 'parent',
  requesterLabel: '求助人',
  replyChannel: 'thread',
  callbackPhone: undefined,
  priority: 'normal',
  priorityLabel: '一般',
  crisis: false,
  submittedAt: AT('2026-03-02T19:40:00+08:00'),
};

export const HELD = { ...CRISIS, status: 'claimed', statusLabel: '处理中', mine: true, claimedBy: { personId: 'p-agent', name: '钱佳怡' } };

export const CLOSED_CALL = {
  ...NORMAL,
  id: 'hl-call',
  requestNo: 'HL20260302-c4d9e0',
  source: 'phone',
  category: 'legal',
  categoryLabel: '法律咨询',
  description: '家长来电：孩子在学校被同学勒索零花钱，咨询如何处理。',
  status: 'closed',
  statusLabel: '已办结',
  closedAt: AT('2026-03-02T15:10:00+08:00'),
  outcome: 'resolved',
};

export function queueOf(requests: unknown[], onDuty: boolean) {
  return { waiting: requests.length, claimed: 1, requests, duty: { onDuty, since: onDuty ? AT('2026-03-02T18:00:00+08:00') : null } };
}

export const DETAIL_HELD = {
  request: HELD,
  messages: [
    { id: 'm1', from: 'agent', kind: 'message', text: '你好，我是12355的钱老师。你现在安全吗？方便的话我给你打个电话。', at: AT('2026-03-02T21:15:00+08:00') },
    { id: 'm2', from: 'requester', kind: 'message', text: '我在家，奶奶睡了。可以打电话。', at: AT('2026-03-02T21:17:00+08:00') },
  ],
  referrals: [],
  history: [],
};

export const TARGETS = {
  agents: [
    { personId: 'p-zhou', name: '周敏', onDuty: true },
    { personId: 'p-wu', name: '吴浩', onDuty: false },
  ],
  teams: [{ teamId: 'team-women', name: '县妇联维权热线' }],
  schools: [{ schoolId: 'school-yaodu', name: '尧渡中心小学', regionCode: '341721100' }],
  sites: [{ siteId: 'site-centre', name: '东至县未成年人救助保护中心', kindLabel: '未成年人救助保护中心', regionCode: '341721', staffed: true }],
};

export const REGIONS = {
  county: { code: '341721', name: '东至县' },
  townships: [
    {
      code: '341721100',
      name: '尧渡镇',
      villages: [
        { code: '341721100001', name: '团结社区' },
        { code: '341721100201', name: '东华村' },
      ],
    },
    { code: '341721101', name: '东流镇', villages: [{ code: '341721101201', name: '菊江村' }] },
  ],
};

const referral = (over: Record<string, unknown>) => ({
  id: 'ref-1',
  requestNo: 'HL20260301-5e6f70',
  department: 'civilAffairs',
  departmentLabel: '民政',
  regionCode: '341721100',
  summary: '9岁女孩，父母在浙江务工，和奶奶同住。近一周多次在放学后独自在河边逗留，请核实照料情况。',
  categoryLabel: '家庭教育',
  urgent: false,
  createdAt: AT('2026-03-01T10:00:00+08:00'),
  deadline: AT('2026-03-04T10:00:00+08:00'),
  status: 'sent',
  statusLabel: '待答复',
  reply: null,
  answeredAt: null,
  answeredInTime: null,
  ...over,
});

export const REFERRALS_OPEN = [
  referral({}),
  referral({
    id: 'ref-2',
    requestNo: 'HL20260227-0a1b2c',
    department: 'police',
    departmentLabel: '公安',
    summary: '初二男生反映放学路上多次被校外人员拦截索要钱财，请派出所核实并加强护送。',
    categoryLabel: '法律咨询',
    urgent: true,
    createdAt: AT('2026-02-27T09:00:00+08:00'),
    deadline: AT('2026-02-28T09:00:00+08:00'),
    statusLabel: '已逾期',
  }),
];

export const REFERRALS_ANSWERED = [
  referral({ id: 'ref-3', status: 'answered', statusLabel: '已答复', reply: '已安排村儿童主任本周走访，孩子由奶奶接送。', answeredAt: AT('2026-03-02T16:00:00+08:00'), answeredInTime: true }),
];

export const CRISIS_WORDS = { version: 3, words: ['自杀', '不想活', '活不下去', '家暴', '被拐', '走失', '离家出走'], updatedAt: AT('2026-02-20T10:00:00+08:00') };
