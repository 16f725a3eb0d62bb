/**
 * The care calls the mini-program makes (工作台 tasks, visit form, reports, pairings), typed by the
 * generated contracts (`contracts/care.ts`). Pure presentation and draft rules are in `care-logic.ts`.
 */
import { callFunction } from './api';
import type { ActionInput } from '../contracts/index';
import type { RecordVisitInput, ReportOutcome } from '../contracts/care';

export type { MyPairing, PairingView, ReportRow, ReportView, TasksView } from '../contracts/care';

export const loadTasks = () => callFunction('care', 'myTasks');
export const recordVisit = (input: RecordVisitInput) => callFunction('care', 'recordVisit', input);
export const submitReport = (input: ActionInput<'care', 'submitReport'>) => callFunction('care', 'submitReport', input);
export const getReport = (reportId: string) => callFunction('care', 'getReport', { reportId });
export const acknowledgeReport = (reportId: string) => callFunction('care', 'acknowledgeReport', { reportId });
export const addReportAction = (reportId: string, requestId: string, text: string) => callFunction('care', 'addReportAction', { reportId, requestId, text });
export const closeReport = (reportId: string, outcome: ReportOutcome, note: string) => callFunction('care', 'closeReport', { reportId, outcome, note });
export const getPairing = (childId: string) => callFunction('care', 'getPairing', { childId });
export const logCareActivity = (input: ActionInput<'care', 'logCareActivity'>) => callFunction('care', 'logCareActivity', input);
export const myPairings = () => callFunction('care', 'myPairings');
