import { createFunction } from '../../_shared/router';
import { schoolsContract } from '../../_shared/contracts/schools';
import { linkChild, listSchools, saveSchool, updateSettings } from './schools';
import { advanceRollCheck, listRollChecks, rollCheckResult, rollErrorReport, rollSlot, startRollCheck } from './roll/actions';
import { dialParent, getChildCare, listLifeCare, logCare, parentCareNotes, updateLifeCareSettings } from './lifecare';
import { getHome, homePhotoSlots, recordHomeActivity, saveHome } from './homes';
import { homeCoverage, homeSettings, inspectHome } from './homes-inspect';
import { closeCase, getCase, listCases, onChildSchoolingChanged, recordAttempt, reportDropout, runTimers } from './cases';

/**
 * `schools`: schools and dropout control (控辍保学, policy §二(三); docs/schools.md).
 * - schools registry: `listSchools`, `saveSchool` (county admin), `updateSettings` (the county's
 *   escalation rule), `linkChild` (a child's school, written through the registry)
 * - dropout cases: `reportDropout` (a school's report), `listCases`, `getCase`, `recordAttempt`
 *   (劝返 attempts; escalation), `closeCase` (复学)
 * - timer work: `runTimers` (internal; the scheduler's `dropoutEscalations` timer invokes it for
 *   cases open longer than the county's days)
 * - termly roll check (定期排查, roll/): `rollSlot` (where to upload), `startRollCheck`, `advanceRollCheck`, `listRollChecks`,
 *   `rollCheckResult`, `rollErrorReport`
 * - life teachers' care (lifecare.ts): `listLifeCare`, `getChildCare`, `logCare`, `dialParent`
 *   (亲情电话), `parentCareNotes` (亲情连线), `updateLifeCareSettings`; a daily reminder (lifecare-timers.ts)
 * - 留守儿童之家 (homes.ts, homes-inspect.ts): `getHome`, `saveHome`, `homePhotoSlots`, `recordHomeActivity`,
 *   `inspectHome` (county inspections, stars by the county's thresholds), `homeCoverage`, `homeSettings`
 * - events: `childSchoolingChanged` from the registry (an officer's edit of schooling opens or closes a case)
 */
export const schools = createFunction(
  schoolsContract,
  {
    listSchools, saveSchool, updateSettings, linkChild, reportDropout, listCases, getCase, recordAttempt, closeCase, runTimers,
    rollSlot, startRollCheck, advanceRollCheck, listRollChecks, rollCheckResult, rollErrorReport,
    listLifeCare, getChildCare, logCare, dialParent, parentCareNotes, updateLifeCareSettings,
    getHome, saveHome, homePhotoSlots, recordHomeActivity, inspectHome, homeCoverage, homeSettings,
  },
  { on: { childSchoolingChanged: onChildSchoolingChanged } },
);

export const main = schools.main;
