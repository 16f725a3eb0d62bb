/**
 * The helpline calls the mini-program makes (求助, the agents' workbench, the supervisor view),
 * typed by the generated contracts (`contracts/helpline.ts`). Presentation and form rules are in
 * `helpline-logic.ts`.
 */
import { callFunction, type Envelope } from './api';
import type { ActionInput } from '../contracts/index';
import type { MetricsResult, Outcome } from '../contracts/helpline';

export type { AgentRequestDetail, AgentRequestView, HandoffTargets, ReferralView } from '../contracts/helpline';

type Submit = ActionInput<'helpline', 'submitRequest'>;

export const helplineApi = {
  submit: (input: Submit) => callFunction('helpline', 'submitRequest', input),
  myRequests: () => callFunction('helpline', 'myRequests'),
  getMine: (id: string) => callFunction('helpline', 'getMyRequest', { id }),
  postMine: (id: string, text: string, messageId: string) => callFunction('helpline', 'postMyMessage', { id, text, messageId }),
  withdraw: (id: string) => callFunction('helpline', 'withdrawRequest', { id }),
  rate: (id: string, score: number) => callFunction('helpline', 'rateRequest', { id, score }),
  queue: () => callFunction('helpline', 'queue'),
  claimNext: () => callFunction('helpline', 'claimNext'),
  claim: (id: string) => callFunction('helpline', 'claim', { id }),
  myClaims: () => callFunction('helpline', 'myClaims'),
  myClosed: () => callFunction('helpline', 'myClaims', { status: 'closed' }),
  getRequest: (id: string) => callFunction('helpline', 'getRequest', { id }),
  heartbeat: (id: string) => callFunction('helpline', 'heartbeat', { id }),
  reply: (id: string, text: string, messageId: string) => callFunction('helpline', 'reply', { id, text, messageId }),
  refer: (input: ActionInput<'helpline', 'refer'>) => callFunction('helpline', 'refer', input),
  close: (id: string, outcome: Outcome, note?: string) => callFunction('helpline', 'closeRequest', note ? { id, outcome, note } : { id, outcome }),
  reopen: (id: string) => callFunction('helpline', 'reopenRequest', { id }),
  logCallback: (id: string, note: string) => callFunction('helpline', 'logCallback', { id, note }),
  logCall: (input: ActionInput<'helpline', 'logCall'>) => callFunction('helpline', 'logCall', input),
  transfer: (input: ActionInput<'helpline', 'transfer'>) => callFunction('helpline', 'transfer', input),
  handoffTargets: () => callFunction('helpline', 'handoffTargets'),
  listReferrals: (status?: 'sent' | 'answered') => callFunction('helpline', 'listReferrals', status ? { status } : {}),
  answerReferral: (referralId: string, reply: string) => callFunction('helpline', 'answerReferral', { referralId, reply }),
  crisisWords: () => callFunction('helpline', 'crisisWords'),
  setCrisisWords: (words: string[], baseVersion: number) => callFunction('helpline', 'setCrisisWords', { words, baseVersion }),
  release: (id: string) => callFunction('helpline', 'release', { id }),
  setDuty: (onDuty: boolean) => callFunction('helpline', 'setDuty', { onDuty }),
  dutyBoard: () => callFunction('helpline', 'dutyBoard'),
  metrics: (from: string, to: string, by: 'day' | 'week' = 'day'): Promise<Envelope<MetricsResult>> => callFunction('helpline', 'metrics', { from, to, by }),
  exportMetrics: (from: string, to: string, by: 'day' | 'week' = 'day') => callFunction('helpline', 'exportMetrics', { from, to, by }),
};

/** Exports open through the one helper (utils/files.ts). */
export { openWorkbook } from '../utils/files';
