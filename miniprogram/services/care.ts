/**
 * The care calls the mini-program makes (工作台 tasks, visit form, reports, pairings), typed through
 * `services/functions.ts`. Pure presentation and draft rules are in `care-logic.ts`.
 */
import { callFunction, type Envelope } from './api';
import type { DueVisitItem, RecordVisitInput, ReportKind, ReportOutcome, ReportStatus, VisitPlan } from '../../cloudfunctions/_shared/contracts/care';

/** A report row of lists and 工作台. */
export interface ReportRow {
  reportId: string;
  kind: ReportKind;
  status: ReportStatus;
  childId: string | null;
  villageCode: string;
  reportedAt: string;
  ackDueAt: string;
  ackOverdue: boolean;
  escalatedAt: string | null;
  closedAt: string | null;
  outcome: ReportOutcome | null;
}

/** A report as its handlers see it. */
export interface ReportView extends ReportRow {
  childName: string;
  childDescription: string | null;
  villageName: string;
  note: string;
  reporter: { role: string; name: string };
  acknowledgedAt: string | null;
  acknowledgedBy: { role: string; name: string } | null;
  actions: { at: string; by: { role: string; name: string }; text: string }[];
  closingNote: string | null;
  signedOffBy: { name: string } | null;
}

export interface TasksView {
  today: string;
  visits: DueVisitItem[];
  reports: ReportRow[];
  counts: { overdue: number; dueToday: number; upcoming: number; reportsOpen: number; reports: number };
}

export interface PairingView {
  childId: string;
  riskLevel: string;
  complete: boolean;
  members: { slot: 'cadre' | 'helper' | 'neighbour'; filled: boolean; personId: string | null; name: string; kind: string | null }[];
  activities: { activityId: string; kind: string; date: string; note: string; by: { personId: string; name: string } }[];
  counts: Record<string, number>;
}

export interface MyPairing {
  childId: string;
  childName: string;
  slot: string;
  complete: boolean;
  lastCareOn: string | null;
  plan: VisitPlan | null;
}

declare module './functions' {
  interface Functions {
    care: {
      myTasks: { input: Record<string, never>; output: TasksView };
      recordVisit: { input: RecordVisitInput; output: { visitId: string; duplicate: boolean; plan: VisitPlan } };
      listVisits: { input: { childId: string }; output: { plan: VisitPlan | null; visits: unknown[] } };
      submitReport: {
        input: { requestId: string; kind: ReportKind; childId?: string; villageCode?: string; childDescription?: string; note: string };
        output: { reportId: string; duplicate: boolean; status: ReportStatus; ackDueAt: string; notified: number };
      };
      getReport: { input: { reportId: string }; output: ReportView };
      acknowledgeReport: { input: { reportId: string }; output: ReportView & { alreadyAcknowledged: boolean } };
      addReportAction: { input: { reportId: string; requestId: string; text: string }; output: ReportView };
      closeReport: { input: { reportId: string; outcome: ReportOutcome; note: string }; output: ReportView & { alreadyClosed: boolean } };
      getPairing: { input: { childId: string }; output: PairingView };
      logCareActivity: { input: { childId: string; requestId: string; kind: string; date: string; note: string }; output: { activityId: string; duplicate: boolean } };
      myPairings: { input: Record<string, never>; output: { children: MyPairing[] } };
    };
  }
}

export const loadTasks = (): Promise<Envelope<TasksView>> => callFunction('care', 'myTasks');
export const recordVisit = (input: RecordVisitInput) => callFunction('care', 'recordVisit', input);
export const submitReport = (input: { requestId: string; kind: ReportKind; childId?: string; villageCode?: string; childDescription?: string; note: string }) =>
  callFunction('care', 'submitReport', input);
export const getReport = (reportId: string) => callFunction('care', 'getReport', { reportId });
export const acknowledgeReport = (reportId: string) => callFunction('care', 'acknowledgeReport', { reportId });
export const addReportAction = (reportId: string, requestId: string, text: string) => callFunction('care', 'addReportAction', { reportId, requestId, text });
export const closeReport = (reportId: string, outcome: ReportOutcome, note: string) => callFunction('care', 'closeReport', { reportId, outcome, note });
export const getPairing = (childId: string) => callFunction('care', 'getPairing', { childId });
export const logCareActivity = (input: { childId: string; requestId: string; kind: string; date: string; note: string }) => callFunction('care', 'logCareActivity', input);
export const myPairings = () => callFunction('care', 'myPairings');
