/**
 * The schools calls the 控辍保学 pages make, typed by the generated contracts
 * (`contracts/schools.ts`). Presentation and form rules: schools-logic.ts.
 */
import { callFunction } from '../../services/api';
import type { ReturnStage, AttemptOutcome, OutOfSchool, CaseStatus } from '../../contracts/schools';

export type { SchoolsView, SchoolView, CaseView, CaseListItem, AttemptResult, AttemptView } from '../../contracts/schools';

/** The schools of the caller's area (or `regionCode`) with their open dropout cases. */
export const loadSchools = (regionCode?: string) => callFunction('schools', 'listSchools', regionCode ? { regionCode } : {});
/** Adds (no `schoolId`) or edits a school (county admin). */
export const saveSchool = (input: { schoolId?: string; name: string; regionCode: string; boarding: boolean; bureauCode?: string }) => callFunction('schools', 'saveSchool', input);
/** The county's escalation rule: after N failed attempts, or D days open (county admin). */
export const saveEscalation = (escalateAfter: number, escalateAfterDays: number) => callFunction('schools', 'updateSettings', { escalateAfter, escalateAfterDays });
/** Links a child to a school (township staff, county admin). */
export const linkChild = (childId: string, schoolId: string) => callFunction('schools', 'linkChild', { childId, schoolId });
/** A school registers a child as dropped out or not in school. */
export const reportDropout = (childId: string, kind: OutOfSchool, reason?: string) => callFunction('schools', 'reportDropout', { childId, kind, ...(reason ? { reason } : {}) });
/** Dropout cases of a school, a region, or the caller's own. */
export const loadCases = (filter: { schoolId?: string; regionCode?: string; status?: CaseStatus }) => callFunction('schools', 'listCases', filter);
export const loadCase = (caseId: string) => callFunction('schools', 'getCase', { caseId });
export const recordAttempt = (input: { caseId: string; on: string; withWhom: string; companions?: string; outcome: AttemptOutcome; note?: string; nextStep?: string }) =>
  callFunction('schools', 'recordAttempt', input);
export const closeCase = (input: { caseId: string; returnedOn: string; schoolId: string; stage: ReturnStage }) => callFunction('schools', 'closeCase', input);
