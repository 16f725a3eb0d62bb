/**
 * Demo seed step for care work (runs after the personas and the registry): in 尧渡镇 团结社区,
 * a 1+1+1 triad for a demo focus child (the volunteer persona 郑小红, plus an invented village
 * cadre and neighbour), a few care activities, a few visits by the village officer persona, and
 * one open immediate report waiting for the township staff and police personas on their 工作台.
 * All people are invented.
 */
import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import type { PairingActivityDoc, PairingDoc, ReportDoc, VisitDoc } from '../../cloudfunctions/_shared/contracts/care';
import type { ChildDoc } from '../../cloudfunctions/_shared/contracts/registry';
import { addDays, shanghaiDay } from '../../cloudfunctions/_shared/time';
import { recipientField } from '../../cloudfunctions/_shared/notify';
import { DEMO_CHILD_IDS, DEMO_COUNTY, DEMO_TOWNSHIP, DEMO_VILLAGE } from './personas';

const OFFICER = 'demo-person-villageOfficer';
const VOLUNTEER = 'demo-person-pairingMember';
const VOLUNTEER_BINDING = 'demo-binding-pairingMember';

/**
 * Seed step: pairing, activities, visits, one open report.
 * @returns a one-line summary for the start banner
 */
export async function seedCare(app: CloudApp, now: Date): Promise<string> {
  const db = app.database();
  const _ = db.command;
  const today = shanghaiDay(now);

  // The triad goes to demo child 1 when it is a focus child, else to a focus child of the village.
  const focus = ((await db.collection('children').where({ villageCode: DEMO_VILLAGE, 'risk.level': 'focus' }).limit(100).get()).data ?? []) as ChildDoc[];
  const triadChild = focus.find((c) => c._id === DEMO_CHILD_IDS[0])?._id ?? focus[0]?._id ?? DEMO_CHILD_IDS[0];

  const members: PairingDoc['members'] = {};
  for (const [slot, kind, name, personId] of [
    ['cadre', 'cadre', '黄德明', 'demo-person-pair-cadre'],
    ['neighbour', 'neighbour', '方秀英', 'demo-person-pair-neighbour'],
  ] as const) {
    const bindingId = `demo-binding-pair-${kind}`;
    await db.collection('persons').add({ _id: personId, name, regionCode: DEMO_VILLAGE, createdAt: now, demo: true });
    await db.collection('roleBindings').add({
      _id: bindingId,
      personId,
      role: 'pairingMember',
      pairingKind: kind,
      scope: { kind: 'children', childIds: [triadChild] },
      scopeRegion: DEMO_VILLAGE,
      childRegions: [DEMO_VILLAGE],
      status: 'active',
      grantedAt: now,
      grantedBy: OFFICER,
    });
    members[slot] = { personId, bindingId, kind, since: now };
  }
  await db
    .collection('roleBindings')
    .doc(VOLUNTEER_BINDING)
    .update({ 'scope.childIds': _.addToSet(triadChild) });
  members.helper = { personId: VOLUNTEER, bindingId: VOLUNTEER_BINDING, kind: 'volunteer', since: now };
  const pairing: PairingDoc = { _id: triadChild, childId: triadChild, members, complete: true, updatedAt: now };
  await db.collection('carePairings').add(pairing);

  const activities: Omit<PairingActivityDoc, '_id'>[] = [
    { childId: triadChild, personId: VOLUNTEER, kind: 'study', date: addDays(today, -6), note: '周末辅导语文作业，讲解阅读理解', createdAt: now },
    { childId: triadChild, personId: VOLUNTEER, kind: 'emotion', date: addDays(today, -2), note: '陪孩子与在外务工的妈妈视频通话', createdAt: now },
    { childId: triadChild, personId: 'demo-person-pair-neighbour', kind: 'life', date: addDays(today, -1), note: '帮忙准备晚饭，检查门窗用电安全', createdAt: now },
  ];
  for (const [i, a] of activities.entries()) await db.collection('pairingActivities').add({ _id: `demo-care-${i + 1}`, ...a });

  // Visits by the village officer: one recent, one long ago (overdue now), one by phone.
  const visitSpecs: [string, number, VisitDoc['kind'], VisitDoc['findings']][] = [
    [DEMO_CHILD_IDS[0], -20, 'home', { health: '身体健康，按时吃饭', schooling: '按时上学，成绩中等', guardianship: '奶奶照料，生活起居正常' }],
    [DEMO_CHILD_IDS[1], -95, 'home', { health: '有轻微感冒，已就医', family: '父母在外务工，每周视频一次' }],
    [triadChild, -9, 'phone', { guardianship: '电话联系照料人，孩子情况稳定' }],
  ];
  const last = new Map<string, { date: string; id: string }>();
  for (const [i, [childId, offset, kind, findings]] of visitSpecs.entries()) {
    const date = addDays(today, offset);
    const id = `demo-visit-${i + 1}`;
    const visit: VisitDoc = {
      _id: id,
      childId,
      villageCode: DEMO_VILLAGE,
      townshipCode: DEMO_TOWNSHIP,
      countyCode: DEMO_COUNTY,
      date,
      kind,
      visitor: { personId: OFFICER, role: 'villageOfficer' },
      findings,
      photos: [],
      riskLevel: 'focus',
      requestId: `demo-visit-request-${i + 1}`,
      createdAt: now,
    };
    await db.collection('visits').add(visit);
    if (!last.has(childId) || last.get(childId)!.date < date) last.set(childId, { date, id });
  }
  for (const [childId, v] of last) await db.collection('visitLedger').add({ _id: childId, lastVisitOn: v.date, lastVisitId: v.id, updatedAt: now });

  // One open report: demo child 2 found alone at home two hours ago.
  const reportedAt = new Date(now.getTime() - 2 * 3600_000);
  const recipients = ['demo-person-townshipStaff', 'demo-person-police'];
  const report: ReportDoc = {
    _id: 'demo-report-1',
    kind: 'livingAlone',
    childId: DEMO_CHILD_IDS[1],
    villageCode: DEMO_VILLAGE,
    townshipCode: DEMO_TOWNSHIP,
    countyCode: DEMO_COUNTY,
    note: '奶奶住院，孩子独自在家两天',
    reporter: { personId: OFFICER, role: 'villageOfficer' },
    requestId: 'demo-report-request-1',
    status: 'open',
    reportedAt,
    ackDueAt: new Date(reportedAt.getTime() + 24 * 3600_000),
    acknowledgedAt: null,
    escalatedAt: null,
    recipients,
    actions: [],
    closedAt: null,
  };
  await db.collection('careReports').add(report);
  for (const personId of recipients) {
    await db.collection('notifications').add({
      _id: `report:${report._id}:new:${personId}`,
      to: { personId },
      recipient: recipientField({ personId }),
      kind: 'care.report',
      title: '强制报告待处理',
      body: '脱离监护单独居住：团结社区，请在24小时内确认并处置',
      ref: { kind: 'report', id: report._id },
      createdAt: reportedAt,
      readAt: null,
    });
  }
  return `care: 1+1+1 pairing for ${triadChild}, ${visitSpecs.length} visits, 1 open report`;
}
