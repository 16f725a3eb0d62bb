/**
 * Invented care data for the staff pages (no real person; real division codes): a child's visit
 * history and plan, the due list, reports to handle, 1+1+1 coverage and a triad with its
 * candidates, and the county's care settings. Used by the page tests and the screenshots.
 */
const AT = (iso: string) => new Date(iso).toISOString();

export const PLAN_OVERDUE = { childId: 'c1', riskLevel: 'focus', intervalDays: 30, lastVisitOn: '2026-02-01', dueOn: '2026-03-03', status: 'overdue', daysOverdue: 1 };

export const VISITS = {
  childName: '陈小雨',
  plan: PLAN_OVERDUE,
  visits: [
    {
      visitId: 'v2',
      childId: 'c1',
      date: '2026-02-01',
      kind: 'home',
      visitor: { personId: 'p-vo', role: 'villageOfficer', name: '王晓明' },
      findings: { guardianship: '奶奶照料，饭菜按时，晚上陪写作业', health: '身体健康，冬季有轻微咳嗽已就医', schooling: '三年级，成绩中等，老师反映上课走神' },
      photos: ['cloud://env/visits/v2-1.jpg', 'cloud://env/visits/v2-2.jpg'],
      photoUrls: ['https://tmp.example/v2-1.jpg', 'https://tmp.example/v2-2.jpg'],
      riskLevel: 'focus',
      villageCode: '341721100001',
      createdAt: AT('2026-02-01T10:30:00+08:00'),
      location: { latitude: 30.1, longitude: 117.02 },
    },
    {
      visitId: 'v1',
      childId: 'c1',
      date: '2026-01-02',
      kind: 'phone',
      visitor: { personId: 'p-pm', role: 'pairingMember', name: '郑小红', pairingKind: 'volunteer' },
      findings: { family: '父亲春节回家，母亲仍在浙江务工' },
      photos: [],
      photoUrls: [],
      riskLevel: 'focus',
      villageCode: '341721100001',
      createdAt: AT('2026-01-02T19:00:00+08:00'),
    },
  ],
};

const due = (over: Record<string, unknown>) => ({ childId: 'c1', childName: '陈小雨', villageCode: '341721100001', villageName: '团结社区', riskLevel: 'focus', intervalDays: 30, lastVisitOn: '2026-02-01', dueOn: '2026-03-03', status: 'overdue', daysOverdue: 1, ...over });

export const DUE = {
  today: '2026-03-04',
  items: [
    due({}),
    due({ childId: 'c2', childName: '刘浩然', riskLevel: 'attention', intervalDays: 60, lastVisitOn: '2026-01-03', dueOn: '2026-03-04', status: 'dueToday', daysOverdue: 0 }),
    due({ childId: 'c3', childName: '王思琪', villageName: '东华村', villageCode: '341721100201', riskLevel: 'regular', intervalDays: 90, lastVisitOn: undefined, dueOn: '2026-03-09', status: 'upcoming', daysOverdue: 0 }),
  ],
  counts: { overdue: 1, dueToday: 1, upcoming: 1 },
};

const report = (over: Record<string, unknown>) => ({
  reportId: 'r1',
  kind: 'missing',
  status: 'open',
  childId: 'c1',
  villageCode: '341721100001',
  villageName: '团结社区',
  reportedAt: AT('2026-03-04T08:40:00+08:00'),
  ackDueAt: AT('2026-03-04T09:40:00+08:00'),
  ackOverdue: false,
  escalatedAt: null,
  closedAt: null,
  outcome: null,
  ...over,
});

export const REPORTS_ACTIVE = [
  report({}),
  report({ reportId: 'r2', kind: 'livingAlone', status: 'acknowledged', villageName: '东华村', reportedAt: AT('2026-03-02T16:00:00+08:00'), ackDueAt: AT('2026-03-03T16:00:00+08:00') }),
];

export const REPORTS_CLOSED = [report({ reportId: 'r3', kind: 'abuseNeglect', status: 'closed', closedAt: AT('2026-02-20T10:00:00+08:00'), outcome: 'guardianArranged', reportedAt: AT('2026-02-18T09:00:00+08:00') })];

export const COVERAGE_TOWNSHIP = {
  regionCode: '341721100',
  total: { regionCode: '341721100', regionName: '尧渡镇', level: 'township', focusChildren: 12, complete: 9, ratio: 0.75 },
  rows: [
    { regionCode: '341721100001', regionName: '团结社区', level: 'village', focusChildren: 5, complete: 4, ratio: 0.8 },
    { regionCode: '341721100201', regionName: '东华村', level: 'village', focusChildren: 7, complete: 5, ratio: 5 / 7 },
  ],
  incomplete: [
    { childId: 'c1', childName: '陈小雨', villageCode: '341721100001', villageName: '团结社区', missing: ['neighbour'] },
    { childId: 'c4', childName: '张一鸣', villageCode: '341721100201', villageName: '东华村', missing: ['helper', 'neighbour'] },
  ],
};

export const PAIRING = {
  childId: 'c1',
  childName: '陈小雨',
  complete: false,
  riskLevel: 'focus',
  members: [
    { slot: 'cadre', filled: true, personId: 'p-cadre', name: '王晓明', kind: 'cadre', since: AT('2025-09-01T09:00:00+08:00') },
    { slot: 'helper', filled: true, personId: 'p-pm', name: '郑小红', kind: 'volunteer', since: AT('2025-09-15T09:00:00+08:00') },
    { slot: 'neighbour', filled: false, personId: null, name: '', kind: null, since: null },
  ],
  activities: [
    { activityId: 'a1', kind: 'study', date: '2026-02-28', note: '辅导数学作业一小时', by: { personId: 'p-pm', name: '郑小红' } },
    { activityId: 'a2', kind: 'emotion', date: '2026-02-14', note: '陪孩子和妈妈视频通话', by: { personId: 'p-pm', name: '郑小红' } },
  ],
  counts: { life: 0, study: 1, mind: 0, emotion: 1 },
};

export const CANDIDATES = {
  candidates: [
    { personId: 'p-nb1', name: '何志明', kind: 'neighbour', slot: 'neighbour', villageCode: '341721100001' },
    { personId: 'p-nb2', name: '李秀英', kind: 'neighbour', slot: 'neighbour', villageCode: '341721100001' },
    { personId: 'p-gw', name: '周建国', kind: 'gridWorker', slot: 'helper', villageCode: '341721100001' },
  ],
};

export const SETTINGS = {
  countyCode: '341721',
  visitIntervalDays: { focus: 30, attention: 60, regular: 90 },
  reportAckMinutes: { missing: 60, livingAlone: 1440, guardianIncapable: 1440, abuseNeglect: 1440, other: 1440 },
};
