/**
 * The guardianship calls the mini-program makes (signing, confirmation status, parents'
 * check-in, orders), typed through `services/functions.ts` with the contracts in
 * `cloudfunctions/_shared/contracts/guardianship.ts` (`import type` only).
 */
import { callFunction, type Envelope } from './api';
import type {
  CheckInKind,
  ConfirmationView,
  ContactMethod,
  LogCheckInInput,
  MessageRecipient,
  PartyKey,
  RevokeReason,
  SendMessageInput,
  VerificationReport,
} from '../../cloudfunctions/_shared/contracts/guardianship';
import type { ConfigUpdate, ContactInput, GuardianshipConfig } from './guardianship-staff';

type NoInput = Record<string, never>;

/** The signature image as uploaded. */
export interface SignatureInput {
  fileID: string;
  strokes: number;
  width: number;
  height: number;
}

/** One of a parent's children, as `myChildren` lists it. */
export interface ParentChildSummary {
  childId: string;
  name?: string;
  villageCode: string;
  caregiver?: { name?: string; relation?: string };
  confirmation?: { id: string; status: string; statusLabel: string; expiresOn?: string };
  order?: { id: string; dueOn: string; overdue: boolean };
  lastCheckInOn?: string;
  daysSinceCheckIn?: number;
  checkInDue: boolean;
}

/** What `childOverview` adds to the summary. */
export interface ParentChildOverview extends ParentChildSummary {
  caregiver?: { name?: string; relation?: string; phone?: string };
  villageOfficer?: { name?: string };
  school: { school?: string; schooling?: string; boarding?: boolean };
  visits: { date: string; kind: string; visitorRole?: string; notes: string[]; schooling?: string }[];
  confirmationToSign: PartyKey[];
  checkIns: { id: string; kind: CheckInKind; kindLabel: string; on: string; minutes?: number }[];
  messages: { id: string; to: MessageRecipient; text?: string; at: string }[];
  checkInIntervalDays: number;
}

/** An order as staff and parents see it. */
export interface OrderView {
  id: string;
  childId: string;
  /** Not given by the function today; shown when a later version adds it (masked as it comes). */
  childName?: string;
  reason: string;
  status: 'open' | 'closed';
  openedOn: string;
  dueOn: string;
  overdue: boolean;
  escalated: boolean;
  resolutionLabel?: string;
  contacts: { at: string; method?: ContactMethod; methodLabel: string; reached: boolean; note?: string; promisedOn?: string }[];
}

declare module './functions' {
  interface Functions {
    guardianship: {
      getConfirmation: { input: { confirmationId: string }; output: ConfirmationView };
      mySigningTasks: { input: NoInput; output: { tasks: { id: string; childId: string; title: string; parties: PartyKey[]; preparedAt: string }[] } };
      signConfirmation: { input: { confirmationId: string; party: PartyKey; signature: SignatureInput; textSha256: string }; output: ConfirmationView };
      signAssisted: {
        input: { confirmationId: string; party: PartyKey; signature: SignatureInput; textSha256: string; guardianName: string; idLast4: string; photoFileID?: string };
        output: ConfirmationView;
      };
      verifyConfirmation: { input: { confirmationId: string }; output: VerificationReport };
      renderPdf: { input: { confirmationId: string }; output: { fileID: string; url?: string; bytes: number } };
      myChildren: { input: NoInput; output: { children: ParentChildSummary[] } };
      childOverview: { input: { childId: string }; output: ParentChildOverview };
      logCheckIn: { input: LogCheckInInput; output: { id: string; on: string; kind: CheckInKind; reused: boolean } };
      sendMessage: { input: SendMessageInput; output: { id: string; delivered: number; reused: boolean } };
      getOrder: { input: { orderId: string }; output: OrderView };
      listConfirmations: { input: { childId: string }; output: { confirmations: ConfirmationView[] } };
      prepareConfirmation: { input: { childId: string; requestId: string }; output: { confirmation: ConfirmationView; notified?: number; reused: boolean } };
      revokeConfirmation: { input: { confirmationId: string; reason: RevokeReason; note?: string }; output: { confirmation: ConfirmationView; renewalNeeded: boolean } };
      listOrders: { input: { status?: 'open' | 'closed' | 'all'; overdueOnly?: boolean }; output: { orders: OrderView[] } };
      logOrderContact: { input: { orderId: string; method: ContactMethod; reached: boolean; note: string; promisedOn?: string }; output: OrderView };
      getCountyConfig: { input: NoInput; output: GuardianshipConfig & { countyCode: string; defaults: GuardianshipConfig } };
      updateCountyConfig: { input: ConfigUpdate; output: GuardianshipConfig & { countyCode: string } };
    };
  }
}

/** A client request id (idempotent creation). */
export function requestId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export const getConfirmation = (confirmationId: string) => callFunction('guardianship', 'getConfirmation', { confirmationId });
export const verifyConfirmation = (confirmationId: string) => callFunction('guardianship', 'verifyConfirmation', { confirmationId });
export const renderPdf = (confirmationId: string) => callFunction('guardianship', 'renderPdf', { confirmationId });
export const myChildren = () => callFunction('guardianship', 'myChildren');
export const childOverview = (childId: string) => callFunction('guardianship', 'childOverview', { childId });
export const getOrder = (orderId: string) => callFunction('guardianship', 'getOrder', { orderId });

export function signConfirmation(confirmationId: string, party: PartyKey, signature: SignatureInput, textSha256: string): Promise<Envelope<ConfirmationView>> {
  return callFunction('guardianship', 'signConfirmation', { confirmationId, party, signature, textSha256 });
}

export function signAssisted(
  confirmationId: string,
  party: PartyKey,
  signature: SignatureInput,
  textSha256: string,
  guardian: { guardianName: string; idLast4: string; photoFileID?: string },
): Promise<Envelope<ConfirmationView>> {
  return callFunction('guardianship', 'signAssisted', { confirmationId, party, signature, textSha256, ...guardian });
}

export function logCheckIn(childId: string, kind: CheckInKind) {
  return callFunction('guardianship', 'logCheckIn', { childId, kind, requestId: requestId() });
}

export function sendMessage(childId: string, to: MessageRecipient, text: string) {
  return callFunction('guardianship', 'sendMessage', { childId, to, text, requestId: requestId() });
}

// Staff side (child file, orders, signing tasks, county settings).

export const listConfirmations = (childId: string) => callFunction('guardianship', 'listConfirmations', { childId });
/** Prepares a confirmation with the parties the function takes from the child file. Reuse `reqId` on a retry. */
export const prepareConfirmation = (childId: string, reqId: string) => callFunction('guardianship', 'prepareConfirmation', { childId, requestId: reqId });
export const revokeConfirmation = (confirmationId: string, input: { reason: RevokeReason; note?: string }) => callFunction('guardianship', 'revokeConfirmation', { confirmationId, ...input });
export const listOrders = (input: { status?: 'open' | 'closed' | 'all'; overdueOnly?: boolean }) => callFunction('guardianship', 'listOrders', input);
export const logOrderContact = (orderId: string, input: ContactInput) => callFunction('guardianship', 'logOrderContact', { orderId, ...input });
export const mySigningTasks = () => callFunction('guardianship', 'mySigningTasks');
export const getCountyConfig = () => callFunction('guardianship', 'getCountyConfig');
export const updateCountyConfig = (input: ConfigUpdate) => callFunction('guardianship', 'updateCountyConfig', input);
