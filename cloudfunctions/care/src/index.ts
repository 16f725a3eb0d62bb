import { createFunction } from '../../_shared/router';
import { careContract } from '../../_shared/contracts/care';
import { dueVisits, listVisits, myTasks, recordVisit, visitPhotoSlots } from './visits';
import { getPairing, logCareActivity, myPairings, pairingCandidates, pairingCoverage, removePairingMember, setPairingMember } from './pairings';
import { acknowledgeReport, addReportAction, closeReport, getReport, listReports, myReports, submitReport } from './reports';
import { careSettings, updateCareSettings } from './settings';

/**
 * `care`: care work (policy §二(一)(二)(四); docs/care.md).
 * - visits: `visitPhotoSlots` (where to upload a visit's photos), `recordVisit`, `listVisits` (plan + records), `dueVisits` (due/overdue lists),
 *   `myTasks` (工作台 today: visits due and reports to handle)
 * - 1+1+1 pairings: `pairingCandidates`, `setPairingMember`, `removePairingMember`, `getPairing`,
 *   `logCareActivity` (the four kinds of care), `pairingCoverage`, `myPairings`
 * - immediate reports: `submitReport`, `listReports`, `getReport`, `acknowledgeReport`,
 *   `addReportAction`, `closeReport` (supervisor sign-off), `myReports`
 * - settings: `careSettings`, `updateCareSettings` (county admin)
 * Timer work (reminders, escalation) runs in the `scheduler` function (./sweeps.ts).
 */
export const care = createFunction(careContract, {
  visitPhotoSlots,
  recordVisit,
  listVisits,
  dueVisits,
  myTasks,
  pairingCandidates,
  setPairingMember,
  removePairingMember,
  getPairing,
  logCareActivity,
  pairingCoverage,
  myPairings,
  submitReport,
  listReports,
  getReport,
  acknowledgeReport,
  addReportAction,
  closeReport,
  myReports,
  careSettings,
  updateCareSettings,
});

export const main = care.main;
