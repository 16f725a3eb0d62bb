/**
 * The guardianship calls the mini-program makes (signing, confirmation status, parents'
 * check-in, orders), typed by the generated contracts (`contracts/guardianship.ts`).
 */
import { callFunction } from './api';
import { requestId } from '../utils/request-id';
import type { ActionInput } from '../contracts/index';
import type { AssistedPartyKey, CheckInKind, MessageRecipient, PartyKey, RevokeReason } from '../contracts/guardianship';
import type { ConfigUpdate, ContactInput } from './guardianship-staff';

export type { ConfirmationView, OrderView, ParentChildOverview, ParentChildSummary } from '../contracts/guardianship';

/** The signature image as uploaded. */
export type SignatureInput = ActionInput<'guardianship', 'signConfirmation'>['signature'];

/** A client request id (idempotent creation). */
export { requestId };

export const getConfirmation = (confirmationId: string) => callFunction('guardianship', 'getConfirmation', { confirmationId });
export const verifyConfirmation = (confirmationId: string) => callFunction('guardianship', 'verifyConfirmation', { confirmationId });
export const renderPdf = (confirmationId: string) => callFunction('guardianship', 'renderPdf', { confirmationId });
export const myChildren = () => callFunction('guardianship', 'myChildren');
export const childOverview = (childId: string) => callFunction('guardianship', 'childOverview', { childId });
export const getOrder = (orderId: string) => callFunction('guardianship', 'getOrder', { orderId });

export function signConfirmation(confirmationId: string, party: PartyKey, signature: SignatureInput, textSha256: string) {
  return callFunction('guardianship', 'signConfirmation', { confirmationId, party, signature, textSha256 });
}

export function signAssisted(
  confirmationId: string,
  party: AssistedPartyKey,
  signature: SignatureInput,
  textSha256: string,
  guardian: { guardianName: string; idLast4: string; photoFileID?: string },
) {
  return callFunction('guardianship', 'signAssisted', { confirmationId, party, signature, textSha256, ...guardian });
}

export function logCheckIn(childId: string, kind: CheckInKind) {
  return callFunction('guardianship', 'logCheckIn', { childId, kind, requestId: requestId() });
}

/** `guardianship.recheckOrder`: re-checks one child's order against the file and confirmations now. */
export function recheckOrder(childId: string) {
  return callFunction('guardianship', 'recheckOrder', { childId });
}

/** `guardianship.getTemplate`: the county's confirmation template (a given version, or the current one). */
export function getTemplate(version?: number) {
  return callFunction('guardianship', 'getTemplate', version ? { version } : {});
}

/** `guardianship.updateTemplate`: saves the title and text as the next version (county admin). */
export function updateTemplate(title: string, body: string) {
  return callFunction('guardianship', 'updateTemplate', { title, body });
}

/**
 * `registry.updateMyContact`: a parent's own work place and/or phone on the child's file (the
 * registry owns the file; the name recorded as that parent must be the caller's).
 */
export function updateMyContact(childId: string, parent: 'father' | 'mother', change: { workPlace?: string; phone?: string }) {
  return callFunction('registry', 'updateMyContact', { childId, parent, ...change });
}

/** `guardianship.listMessages`: the child's family thread (opening it marks it read). */
export function listMessages(childId: string) {
  return callFunction('guardianship', 'listMessages', { childId });
}

export function sendMessage(childId: string, to: MessageRecipient, text: string) {
  return callFunction('guardianship', 'sendMessage', { childId, to, text, requestId: requestId() });
}

// Staff side (child file, orders, signing tasks, county settings).

export const listConfirmations = (childId: string) => callFunction('guardianship', 'listConfirmations', { childId });
/** Prepares a confirmation with the parties the function takes from the child file. Reuse `reqId` on a retry. */
export const prepareConfirmation = (childId: string, reqId: string) => callFunction('guardianship', 'prepareConfirmation', { childId, requestId: reqId });
export const revokeConfirmation = (confirmationId: string, input: { reason: RevokeReason; note?: string }) => callFunction('guardianship', 'revokeConfirmation', { confirmationId, ...input });
export const listOrders = (input: ActionInput<'guardianship', 'listOrders'>) => callFunction('guardianship', 'listOrders', input);
export const logOrderContact = (orderId: string, input: ContactInput) => callFunction('guardianship', 'logOrderContact', { orderId, ...input });
export const mySigningTasks = () => callFunction('guardianship', 'mySigningTasks');
export const getCountyConfig = () => callFunction('guardianship', 'getCountyConfig');
export const updateCountyConfig = (input: ConfigUpdate) => callFunction('guardianship', 'updateCountyConfig', input);
