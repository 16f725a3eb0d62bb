import { createFunction } from '../../_shared/router';
import { getTemplate, updateTemplate } from './templates';
import {
  getConfirmation,
  listConfirmations,
  mySigningTasks,
  prepareConfirmation,
  revokeConfirmation,
  signAssisted,
  signConfirmation,
  verifyConfirmation,
} from './confirmations';
import { renderPdf } from './pdf';
import { getOrder, listOrders, logOrderContact, recheckOrder } from './orders';
import { childOverview, listMessages, logCheckIn, myChildren, sendMessage, updateMyContact } from './checkin';
import { getCountyConfig_, updateCountyConfig } from './config';
import { runSweeps } from './timer';

/**
 * `guardianship`: responsibility confirmations, guardianship orders and parents' check-in
 * (docs/guardianship.md; policy §二(一)).
 * - templates: `getTemplate`, `updateTemplate` (county admin; versioned)
 * - confirmations: `prepareConfirmation`, `getConfirmation`, `listConfirmations`,
 *   `mySigningTasks`, `signConfirmation`, `signAssisted`, `verifyConfirmation`,
 *   `revokeConfirmation`, `renderPdf` (lazy PDF)
 * - orders: `listOrders`, `getOrder`, `logOrderContact`, `recheckOrder`
 * - check-in: `myChildren`, `childOverview`, `logCheckIn`, `sendMessage`, `listMessages`,
 *   `updateMyContact`
 * - configuration: `getCountyConfig`, `updateCountyConfig`
 * - sweeps: `runGuardianshipSweeps` in sweeps.ts (orders, escalation, expiry, reminders), run by
 *   the `scheduler` function's timer; `runSweeps` (internal) runs the same on demand (operators,
 *   tests). No timer of its own.
 */
export const guardianship = createFunction('guardianship', {
  getTemplate,
  updateTemplate,
  prepareConfirmation,
  getConfirmation,
  listConfirmations,
  mySigningTasks,
  signConfirmation,
  signAssisted,
  verifyConfirmation,
  revokeConfirmation,
  renderPdf,
  listOrders,
  getOrder,
  logOrderContact,
  recheckOrder,
  myChildren,
  childOverview,
  logCheckIn,
  sendMessage,
  listMessages,
  updateMyContact,
  getCountyConfig: getCountyConfig_,
  updateCountyConfig,
  runSweeps,
});

export const main = guardianship.main;
