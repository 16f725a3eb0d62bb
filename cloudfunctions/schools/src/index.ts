import { createFunction } from '../../_shared/router';
import { schoolsContract } from '../../_shared/contracts/schools';
import { linkChild, listSchools, saveSchool, updateSettings } from './schools';
import { advanceRollCheck, listRollChecks, rollCheckResult, rollErrorReport, rollSlot, startRollCheck } from './roll/actions';
import { dialParent, getChildCare, listLifeCare, logCare, parentCareNotes, updateLifeCareSettings } from './lifecare';
import { onChildSchoolingChanged, sweepDropouts } from './cases-sweep';
import { measureSlot, recordMeasure } from './cases-measures';
import { closeCase, getCase, listCases, recordAttempt, reportDropout, runTimers } from './cases';
import { getHome, homePhotoSlots, recordHomeActivity, saveHome } from './homes';
import { homeCoverage, homeSettings, inspectHome } from './homes-inspect';

/**
 * `schools`: schools and dropout control (控辍保学, policy §二(三); docs/schools.md).
 * - schools registry: `listSchools`, `saveSchool` (county admin), `updateSettings` (the county's
 *   escalation rule), `linkChild` (a child's school, written through the registry)
 * - dropout cases: `reportDropout` (a school's report), `listCases`, `getCase`, `recordAttempt`
 *   (劝返 attempts; escalation), `closeCase` (复学), `measureSlot` and `recordMeasure` (legal
 *   measures after escalation, cases-measures.ts)
 * - timer work: `runTimers` (internal; the scheduler's `dropoutEscalations` timer invokes it for
 *   cases open longer than the county's days), `sweepDropouts` (internal; the daily `dropoutSweep`
 *   timer: a case for every out-of-school child of compulsory-school age without one)
 * - termly roll check (定期排查, roll/): `rollSlot` (where to upload), `startRollCheck`, `advanceRollCheck`, `listRollChecks`,
 *   `rollCheckResult`, `rollErrorReport`
 * - life teachers' care (lifecare.ts): `listLifeCare`, `getChildCare`, `logCare`, `dialParent`
 *   (亲情电话), `parentCareNotes` (亲情连线), `updateLifeCareSettings`; a daily reminder (lifecare-timers.ts)
 * - events: `childSchoolingChanged` from the registry (an officer's edit of schooling, or a census
 *   import batch, opens or closes a case)
 * - 留守儿童之家 (homes.ts, homes-inspect.ts): `getHome`, `saveHome`, `homePhotoSlots`, `recordHomeActivity`,
 *   `inspectHome` (county inspections, stars by the county's thresholds), `homeCoverage`, `homeSettings`
 */
export const schools = createFunction(
  schoolsContract,
  {
    listSchools, saveSchool, updateSettings, linkChild, reportDropout, listCases, getCase, recordAttempt, closeCase, runTimers, sweepDropouts, measureSlot, recordMeasure,
    rollSlot, startRollCheck, advanceRollCheck, listRollChecks, rollCheckResult, rollErrorReport,
    listLifeCare, getChildCare, logCare, dialParent, parentCareNotes, updateLifeCareSettings,
    getHome, saveHome, homePhotoSlots, recordHomeActivity, inspectHome, homeCoverage, homeSettings,
  },
  { on: { childSchoolingChanged: onChildSchoolingChanged } },
);

export const main = schools.main;
