/**
 * Immediate (mandatory) reports — 强制报告 / 第一时间报告 (policy §二(一): a child living apart
 * from guardianship, missing, or a guardian who lost capacity is reported "at once to the
 * township and the police"). Lifecycle: open → acknowledged (within the county's limit per kind,
 * else escalated to the county by the scheduler) → actions logged → closed with an outcome signed
 * off by township staff holding the `supervisor` flag. See docs/care.md.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionLevel, requireChildAccess, scopeFilter, scopeReaches, stableId, type Binding, type ExampleWorld, type RoleName } from '../../_shared/access';
import { notify } from '../../_shared/notify';
import { deliverUrgent } from '../../_shared/urgent';
import { getCountyConfig } from '../../_shared/county-config';
import { CARE_LABELS, careContract, type ReportDoc, type ReportKind, type ReportRow, type ReportView } from '../../_shared/contracts/care';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { CC, REPORTER_ROLES, REPORT_HANDLERS, REPORT_READERS, childNameFor, insertOnce, personNames, regionName, regionNames, reportTarget, who, type Db } from './common';
import type { ActionContext } from '../../_shared/context';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';

const C = careContract.actions;

/** Mini-program page a report notification opens. */
export const REPORT_PAGE = 'packageCare/pages/report/index';

/** "1小时" / "24小时" / "30分钟": how long an acknowledgement may take, for people. */
export function ackLimitText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`;
}

/**
 * Active bindings of `roles` whose scope reaches a village (township staff and police of its
 * township; county admins of its county).
 */
export async function bindingsReaching(db: Db, roles: readonly RoleName[], villageCode: string): Promise<Binding[]> {
  const _ = db.command;
  const codes = [villageCode.slice(0, 6), villageCode.slice(0, 9), villageCode];
  const rows = await fetchAll<Binding>(db.collection(CC.roleBindings).where({ role: _.in([...roles]), status: 'active', 'scope.codes': _.in(codes) }), 2000);
  return rows.filter((b) => scopeReaches(b.scope, { regionCode: villageCode }));
}

function uniquePersons(bindings: Binding[]): string[] {
  return [...new Set(bindings.map((b) => b.personId))].sort();
}

/** Tells each person about a report (in-app + `reportToHandle` push), once per person and `stage`. */
async function tellAbout(ctx: ActionContext, r: ReportDoc, personIds: string[], stage: 'new' | 'escalated' | 'unassigned', missing = ''): Promise<number> {
  const db = dbOf(ctx);
  const place = await regionName(db, r.villageCode);
  const cfg = await getCountyConfig(db, r.countyCode);
  const limit = ackLimitText(cfg.reportAckMinutes[r.kind]);
  const kindLabel = CARE_LABELS.reportKind[r.kind];
  let sent = 0;
  for (const personId of personIds) {
    const res = await notify(ctx, {
      to: { personId },
      kind: stage === 'escalated' ? 'care.reportEscalated' : 'care.report',
      title: stage === 'escalated' ? '强制报告超时未确认' : stage === 'unassigned' ? '强制报告待处理（当地无人接收）' : '强制报告待处理',
      body:
        stage === 'escalated'
          ? `${kindLabel}：${place}，已超过${limit}未确认，请督办`
          : stage === 'unassigned'
            ? `${kindLabel}：${place}。当地${missing}没有人使用本系统，报告转到县里，请在${limit}内安排核实处置`
            : `${kindLabel}：${place}，请在${limit}内确认并处置`,
      ref: { kind: 'report', id: r._id },
      push: {
        template: 'reportToHandle',
        values: { phrase1: CARE_LABELS.reportKindShort[r.kind], thing2: place, time3: new Date(r.reportedAt), thing4: stage === 'escalated' ? '已超时未确认，请督办' : `${limit}内确认` },
        page: `${REPORT_PAGE}?reportId=${r._id}`,
      },
      dedupeKey: `report:${r._id}:${stage}:${personId}`,
    });
    if (!res.duplicate) sent++;
  }
  return sent;
}

/**
 * Escalates one report to the county admins of its county (in-app + push, once per admin). As
 * the fallback of a new report (`fallback`), the message says the region had nobody to take it
 * (not that it is overdue) and the reporter, if a county admin, is not told of their own report.
 * With no county admin bound, the escalation is recorded as unreached (_shared/urgent.ts) so
 * the county's 工作台 lists it as soon as someone is. Safe to call repeatedly.
 * @returns how many admins were newly told
 */
export async function escalateReport(ctx: ActionContext, r: ReportDoc, kind: 'report' | 'reportEscalation' = 'reportEscalation', fallback?: { missing: string; except: string }): Promise<number> {
  const db = dbOf(ctx);
  const admins = uniquePersons(await bindingsReaching(db, ['countyAdmin'], r.villageCode)).filter((p) => p !== fallback?.except);
  const now = ctx.now();
  // A new report the region cannot take is a new report for the county, not an overdue one: it
  // does not count as the escalation, which still follows if nobody acknowledges it in time.
  if (!fallback) {
    await db
      .collection(CC.careReports)
      .where({ _id: r._id, escalatedAt: null })
      .update({ escalatedAt: now, escalatedTo: admins });
  }
  let sent = 0;
  if (admins.length) sent = await tellAbout(ctx, r, admins, fallback ? 'unassigned' : 'escalated', fallback?.missing);
  else await deliverUrgent(db, [], async () => undefined, { kind, refId: r._id, regionCode: r.villageCode, summary: await reportSummary(db, r), now });
  if (!fallback) await db.collection(CC.careReports).doc(r._id).update({ escalationNotified: true });
  return sent;
}

/** `儿童失踪：某某镇某某村` — what a report is about, without the child's name. */
async function reportSummary(db: Db, r: ReportDoc): Promise<string> {
  return `${CARE_LABELS.reportKind[r.kind]}：${await regionName(db, r.villageCode)}`;
}

export const submitReport = action(C.submitReport, {
  access: { roles: REPORTER_ROLES, dataScope: 'handler' },
  example: (w) => ({ requestId: `report-${w.unique()}`, kind: 'livingAlone', childId: w.side.childId, note: '孩子独自在家两天，奶奶住院' }),
  /**
   * Records the report and tells, at once, every township staff member and police officer whose
   * scope covers the child's township (in-app, authoritative; subscribe message, best effort,
   * result recorded). With no one bound there, the county admins are told instead
   * (`notifiedWho: 'county'`); with no county admin either, the report is still stored, recorded
   * as unreached for the county's 工作台, and the answer says so (`nobodyReached: true`, the page
   * tells the reporter to call 110).
   * From a child file (`childId`, which the caller must reach) or, for a child not yet
   * registered, with `villageCode` + `childDescription`. Idempotent on (reporter, `requestId`):
   * the same request twice gives one report (`duplicate: true`); a retry re-sends only
   * notifications that did not go out.
   * @returns `{ reportId, duplicate, status, ackDueAt, notified, notifiedWho, nobodyReached }`
   * @throws FORBIDDEN (child out of reach), NOT_FOUND (no such child)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    let role: RoleName = me.role;
    let villageCode: string;
    let childId: string | undefined;
    if (input.childId) {
      const g = await requireChildAccess(ctx, input.childId, REPORTER_ROLES, false);
      const child = g.target!.doc as ChildDoc;
      villageCode = child.villageCode;
      childId = child._id;
      role = g.role;
    } else {
      villageCode = input.villageCode!;
      if (regionLevel(villageCode) !== 'village') throw new AppError('VALIDATION_FAILED', '村（社区）：代码须为12位数字', { issues: [{ path: 'villageCode', label: '村（社区）', code: 'INVALID', message: '代码须为12位数字' }] });
      // A report must land in a real place someone is responsible for, or it is lost.
      if (!(await getDoc(db, CC.regions, villageCode))) {
        throw new AppError('VALIDATION_FAILED', '村（社区）：没有这个村（社区），请从列表中选择', { issues: [{ path: 'villageCode', label: '村（社区）', code: 'UNKNOWN_REGION', message: '没有这个村（社区），请从列表中选择' }] });
      }
    }
    const cfg = await getCountyConfig(db, villageCode.slice(0, 6));
    const now = ctx.now();
    const id = stableId('report', me.personId, input.requestId);
    const doc: ReportDoc = {
      _id: id,
      kind: input.kind as ReportKind,
      villageCode,
      townshipCode: villageCode.slice(0, 9),
      countyCode: villageCode.slice(0, 6),
      note: input.note,
      reporter: { personId: me.personId, role },
      requestId: input.requestId,
      status: 'open',
      reportedAt: now,
      ackDueAt: new Date(now.getTime() + cfg.reportAckMinutes[input.kind as ReportKind] * 60_000),
      acknowledgedAt: null,
      escalatedAt: null,
      recipients: [],
      actions: [],
      closedAt: null,
    };
    if (childId) doc.childId = childId;
    if (!childId && input.childDescription) doc.childDescription = input.childDescription;
    const inserted = await insertOnce(db, CC.careReports, doc);
    const stored = inserted ? doc : ((await getDoc<ReportDoc>(db, CC.careReports, id)) ?? doc);
    if (inserted) await audit(ctx, { op: 'write', target: { kind: 'report', id }, regionCode: villageCode, refs: childId ? { childId } : undefined });
    let notified = 0;
    let notifiedWho: 'region' | 'county' | 'nobody' = 'region';
    let nobodyReached = false;
    const told = { townshipStaff: 0, police: 0, countyAdmin: 0 };
    if (stored.status !== 'closed') {
      // The reporter is not told of their own report, and is not counted as someone told.
      const reaching = (await bindingsReaching(db, ['townshipStaff', 'police'], villageCode)).filter((b) => b.personId !== me.personId);
      const township = uniquePersons(reaching.filter((b) => b.role === 'townshipStaff'));
      const police = uniquePersons(reaching.filter((b) => b.role === 'police'));
      const recipients = uniquePersons(reaching);
      if (inserted) await db.collection(CC.careReports).doc(id).update({ recipients });
      if (recipients.length) await tellAbout(ctx, stored, recipients, 'new');
      told.townshipStaff = township.length;
      told.police = police.length;
      // Township and police must both know of an immediate report; whoever is missing there, the
      // county admins take its place (told that the region had nobody, not that it is overdue).
      const missing = [township.length ? '' : '乡镇', police.length ? '' : '派出所'].filter(Boolean).join('和');
      if (missing) {
        await escalateReport(ctx, stored, 'report', { missing, except: me.personId });
        told.countyAdmin = uniquePersons(await bindingsReaching(db, ['countyAdmin'], villageCode)).filter((p) => p !== me.personId).length;
      }
      notified = told.townshipStaff + told.police + told.countyAdmin;
      nobodyReached = notified === 0;
      notifiedWho = nobodyReached ? 'nobody' : recipients.length ? 'region' : 'county';
    }
    return { reportId: id, duplicate: !inserted, status: stored.status, ackDueAt: stored.ackDueAt, notified, notifiedWho, nobodyReached, told };
  },
});

/** A report as staff see it. */
async function presentReport(db: Db, r: ReportDoc, role: RoleName, now: Date): Promise<ReportView> {
  const names = await personNames(db, [r.reporter.personId, ...(r.acknowledgedBy ? [r.acknowledgedBy.personId] : []), ...r.actions.map((a) => a.by.personId), ...(r.signedOffBy ? [r.signedOffBy.personId] : [])]);
  let childName = '';
  if (r.childId) {
    const c = await getDoc<ChildDoc>(db, CC.children, r.childId);
    childName = childNameFor(c?.name, role);
  }
  return {
    reportId: r._id,
    kind: r.kind,
    status: r.status,
    childId: r.childId ?? null,
    childName,
    childDescription: r.childDescription ?? null,
    villageCode: r.villageCode,
    townshipCode: r.townshipCode,
    villageName: await regionName(db, r.villageCode),
    note: r.note,
    reporter: { role: r.reporter.role, name: names[r.reporter.personId] ?? '' },
    reportedAt: r.reportedAt,
    ackDueAt: r.ackDueAt,
    ackOverdue: r.status === 'open' && new Date(r.ackDueAt).getTime() <= now.getTime(),
    acknowledgedAt: r.acknowledgedAt,
    acknowledgedBy: r.acknowledgedBy ? { role: r.acknowledgedBy.role, name: names[r.acknowledgedBy.personId] ?? '' } : null,
    escalatedAt: r.escalatedAt,
    actions: r.actions.map((a) => ({ at: a.at, by: { role: a.by.role, name: names[a.by.personId] ?? '' }, text: a.text })),
    closedAt: r.closedAt,
    outcome: r.outcome ?? null,
    closingNote: r.closingNote ?? null,
    signedOffBy: r.signedOffBy ? { name: names[r.signedOffBy.personId] ?? '' } : null,
  };
}

/** A short row for lists (`names`: village names by code, from `regionNames`). */
function reportRow(r: ReportDoc, now: Date, names: ReadonlyMap<string, string>): ReportRow {
  return {
    reportId: r._id,
    kind: r.kind,
    status: r.status,
    childId: r.childId ?? null,
    villageCode: r.villageCode,
    villageName: names.get(r.villageCode) ?? r.villageCode,
    reportedAt: r.reportedAt,
    ackDueAt: r.ackDueAt,
    ackOverdue: r.status === 'open' && new Date(r.ackDueAt).getTime() <= now.getTime(),
    escalatedAt: r.escalatedAt,
    closedAt: r.closedAt,
    outcome: r.outcome ?? null,
  };
}

const REPORT_SCOPE_FIELDS = { village: 'villageCode', township: 'townshipCode' };

/** Reports in the caller's area that are not closed (unacknowledged first, then oldest first). */
export async function reportsToHandle(ctx: ActionContext): Promise<ReportRow[]> {
  const db = dbOf(ctx);
  const _ = db.command;
  const filter = scopeFilter(db, ctx.actor!, REPORT_READERS, REPORT_SCOPE_FIELDS);
  if (!filter) return [];
  const rows = await fetchAll<ReportDoc>(db.collection(CC.careReports).where(_.and([filter, { status: _.neq('closed') }])), 2000);
  const now = ctx.now();
  const names = await regionNames(db, rows.map((r) => r.villageCode));
  return rows
    .sort((a, b) => (a.status === b.status ? new Date(a.reportedAt).getTime() - new Date(b.reportedAt).getTime() : a.status === 'open' ? -1 : 1))
    .map((r) => reportRow(r, now, names));
}

export const listReports = action(C.listReports, {
  access: { roles: REPORT_READERS },
  example: () => ({ status: 'active' }),
  /** Reports of the caller's village / township(s) / county, newest first. Audited as a search. @returns `{ reports }` */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const _ = db.command;
    const filter = scopeFilter(db, ctx.actor!, REPORT_READERS, REPORT_SCOPE_FIELDS);
    if (!filter) return { reports: [] };
    const cond = input.status === 'all' ? filter : _.and([filter, { status: input.status === 'closed' ? 'closed' : _.neq('closed') }]);
    const res = await db.collection(CC.careReports).where(cond).orderBy('reportedAt', 'desc').limit(input.limit).get();
    const rows = (res.data ?? []) as ReportDoc[];
    await audit(ctx, { op: 'search', count: rows.length });
    const now = ctx.now();
    const names = await regionNames(db, rows.map((r) => r.villageCode));
    return { reports: rows.map((r) => reportRow(r, now, names)) };
  },
});

/** Inserts a report in the example side's village (for the access-matrix examples). */
async function exampleReport(w: ExampleWorld): Promise<string> {
  const now = w.now;
  return w.insert(CC.careReports, {
    _id: `report-ex-${w.unique()}`,
    kind: 'missing',
    childId: w.side.childId,
    villageCode: w.side.villageCode,
    townshipCode: w.side.townshipCode,
    countyCode: w.side.countyCode,
    note: '放学后未回家',
    reporter: { personId: 'p-example', role: 'villageOfficer' },
    requestId: 'example-request',
    status: 'open',
    reportedAt: now,
    ackDueAt: new Date(now.getTime() + 3600_000),
    acknowledgedAt: null,
    escalatedAt: null,
    recipients: [],
    actions: [],
    closedAt: null,
  });
}

export const getReport = action(C.getReport, {
  access: { roles: REPORT_READERS, target: reportTarget((i: { reportId: string }) => i.reportId), audit: 'read', breakGlass: false },
  example: async (w) => ({ reportId: await exampleReport(w) }),
  /** @returns the report with names of the people who acted */
  handler: async (_input, ctx) => presentReport(dbOf(ctx), ctx.grant!.target!.doc as ReportDoc, ctx.grant!.role, ctx.now()),
});

/** Who acknowledged, in the reporter's words. */
const ROLE_WORDS: Partial<Record<RoleName, string>> = { townshipStaff: '乡镇工作人员', police: '派出所民警', countyAdmin: '县民政局' };

export const acknowledgeReport = action(C.acknowledgeReport, {
  access: { roles: REPORT_HANDLERS, target: reportTarget((i: { reportId: string }) => i.reportId), audit: 'write' },
  example: async (w) => ({ reportId: await exampleReport(w) }),
  /**
   * Acknowledges the report (stops the escalation clock) and tells the reporter in the app.
   * Acknowledging again changes nothing.
   * @returns the report, `alreadyAcknowledged` when someone had acknowledged it first
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const r = ctx.grant!.target!.doc as ReportDoc;
    const now = ctx.now();
    let already = r.status !== 'open';
    if (!already) {
      const res = (await db
        .collection(CC.careReports)
        .where({ _id: r._id, status: 'open' })
        .update({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: { personId: me.personId, role: me.role } })) as { updated?: number };
      already = !res.updated;
      // Following up what you started (issue 11): the reporter learns someone has it in hand.
      if (!already && r.reporter.personId !== me.personId) {
        await notify(ctx, {
          to: { personId: r.reporter.personId },
          kind: 'care.reportAcknowledged',
          title: '您的报告已有人接手',
          body: `${CARE_LABELS.reportKind[r.kind]}：${ROLE_WORDS[me.role] ?? '工作人员'}已确认收到，正在处置`,
          ref: { kind: 'report', id: r._id },
          dedupeKey: `report:${r._id}:acknowledged`,
        });
      }
    }
    const fresh = (await getDoc<ReportDoc>(db, CC.careReports, r._id))!;
    return { ...(await presentReport(db, fresh, me.role, now)), alreadyAcknowledged: already };
  },
});

export const addReportAction = action(C.addReportAction, {
  access: { roles: REPORT_READERS, target: reportTarget((i: { reportId: string }) => i.reportId), audit: 'write' },
  example: async (w) => ({ reportId: await exampleReport(w), requestId: `act-${w.unique()}`, text: '已到场核实，孩子安全' }),
  /**
   * Appends an action to the report's log. Idempotent on `requestId`.
   * @throws CONFLICT when the report is closed
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const r = ctx.grant!.target!.doc as ReportDoc;
    if (r.status === 'closed') throw new AppError('CONFLICT', '报告已办结，不能再添加处置记录');
    if (!r.actions.some((a) => a.requestId === input.requestId)) {
      const _ = db.command;
      await db
        .collection(CC.careReports)
        .doc(r._id)
        .update({ actions: _.push([{ at: ctx.now(), by: { personId: me.personId, role: me.role }, text: input.text, requestId: input.requestId }]) });
    }
    const fresh = (await getDoc<ReportDoc>(db, CC.careReports, r._id))!;
    return presentReport(db, fresh, me.role, ctx.now());
  },
});

export const closeReport = action(C.closeReport, {
  access: { roles: ['townshipStaff', 'countyAdmin'], target: reportTarget((i: { reportId: string }) => i.reportId), audit: 'write' },
  example: async (w) => ({ reportId: await exampleReport(w), outcome: 'childSafe', note: '孩子已由奶奶接回照料' }),
  /**
   * Closes the report with an outcome. Township staff with the `supervisor` flag for the report's
   * township sign it off; a county admin of the county may too (a township with nobody in the
   * system would otherwise leave the report open for ever). Closing an unacknowledged report
   * acknowledges it too. Closing again changes nothing. The reporter is told in the app.
   * @throws SUPERVISOR_REQUIRED (township staff without the flag)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const r = ctx.grant!.target!.doc as ReportDoc;
    const signer = ctx.actor!.bindings.find(
      (b) => ((b.role === 'townshipStaff' && b.supervisor === true) || b.role === 'countyAdmin') && scopeReaches(b.scope, { regionCode: r.villageCode }),
    );
    if (!signer) throw new AppError('SUPERVISOR_REQUIRED', '办结须由乡镇负责人（主管）签字确认');
    const now = ctx.now();
    let alreadyClosed = r.status === 'closed';
    if (!alreadyClosed) {
      const _ = db.command;
      const res = (await db
        .collection(CC.careReports)
        .where({ _id: r._id, status: _.neq('closed') })
        .update({
          status: 'closed',
          closedAt: now,
          outcome: input.outcome,
          closingNote: input.note,
          signedOffBy: { personId: me.personId },
          ...(r.acknowledgedAt ? {} : { acknowledgedAt: now, acknowledgedBy: { personId: me.personId, role: me.role } }),
        })) as { updated?: number };
      alreadyClosed = !res.updated;
      if (!alreadyClosed) {
        await notify(ctx, {
          to: { personId: r.reporter.personId },
          kind: 'care.reportClosed',
          title: '您的报告已办结',
          body: `${CARE_LABELS.reportKind[r.kind]}：${CARE_LABELS.outcome[input.outcome]}`,
          ref: { kind: 'report', id: r._id },
          dedupeKey: `report:${r._id}:closed`,
        });
      }
    }
    const fresh = (await getDoc<ReportDoc>(db, CC.careReports, r._id))!;
    return { ...(await presentReport(db, fresh, me.role, now)), alreadyClosed };
  },
});

export const myReports = action(C.myReports, {
  access: { roles: REPORTER_ROLES },
  example: () => ({}),
  /** The caller's reports, newest first (at most 100): kind, status, when acknowledged/closed, outcome. */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const me = who(ctx);
    const res = await db.collection(CC.careReports).where({ 'reporter.personId': me.personId }).orderBy('reportedAt', 'desc').limit(100).get();
    const now = ctx.now();
    const rows = (res.data ?? []) as ReportDoc[];
    const names = await regionNames(db, rows.map((r) => r.villageCode));
    return { reports: rows.map((r) => ({ ...reportRow(r, now, names), acknowledgedAt: r.acknowledgedAt })) };
  },
});
