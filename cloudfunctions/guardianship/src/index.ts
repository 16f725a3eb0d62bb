import { createFunction } from '../../_shared/router';
import { guardianshipContract } from '../../_shared/contracts/guardianship';
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
import { signingSlot } from './signing-slots';
import { getOrder, listOrders, logOrderContact, onChildGuardianshipChanged, recheckOrder } from './orders';
import { childOverview, logCheckIn, myChildren } from './checkin';
import { listMessages, sendMessage } from './messages';
import { getCountyConfig, updateCountyConfig } from './config';
import { runSweeps } from './run-sweeps';

/**
 * `guardianship`: responsibility confirmations, guardianship orders and parents' check-in
 * (docs/guardianship.md; policy §二(一)).
 * - templates: `getTemplate`, `updateTemplate` (county admin; versioned)
 * - confirmations: `prepareConfirmation`, `getConfirmation`, `listConfirmations`,
 *   `mySigningTasks`, `signingSlot` (where to upload a signature), `signConfirmation`, `signAssisted`, `verifyConfirmation`,
 *   `revokeConfirmation`, `renderPdf` (lazy PDF)
 * - orders: `listOrders`, `getOrder`, `logOrderContact`, `recheckOrder`
 * - check-in: `myChildren`, `childOverview`, `logCheckIn`
 * - family messages (both ways): `sendMessage`, `listMessages` (messages.ts)
 *   (a parent's own work place and phone: the registry's `updateMyContact`)
 * - configuration: `getCountyConfig`, `updateCountyConfig`
 * - events: `childGuardianshipChanged` from the registry (an officer's edit that concerns orders)
 * - sweeps: `runGuardianshipSweeps` in sweeps.ts (orders, escalation, expiry, reminders), run by
 *   the `scheduler` function's timer; `runSweeps` (internal) runs the same on demand (operators,
 *   tests). No timer of its own.
 */
export const guardianship = createFunction(guardianshipContract, {
  getTemplate,
  updateTemplate,
  prepareConfirmation,
  getConfirmation,
  listConfirmations,
  mySigningTasks,
  signingSlot,
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
  getCountyConfig,
  updateCountyConfig,
  runSweeps,
}, {
  on: { childGuardianshipChanged: onChildGuardianshipChanged },
});

export const main = guardianship.main;
