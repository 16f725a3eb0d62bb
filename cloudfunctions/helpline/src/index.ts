import { createFunction } from '../../_shared/router';
import { helplineContract } from '../../_shared/contracts/helpline';
import { getMyRequest, myRequests, postMyMessage, rateRequest, submitRequest, withdrawRequest } from './intake';
import { claim, claimNext, closeRequest, dutyBoard, getRequest, handoffTargets, heartbeat, logCall, logCallback, myClaims, queue, release, reopenRequest, reply, setDuty, transfer } from './agent';
import { answerReferral, listReferrals, refer } from './referrals';
import { crisisWords, exportMetrics, metrics, releaseExpiredLeases, setCrisisWords } from './supervisor';

/**
 * `helpline`: the county Youth League's helpline (12355; policy §二(二); docs/helpline.md).
 * - requesters (any identified user): `submitRequest`, `myRequests`, `getMyRequest`,
 *   `postMyMessage`, `withdrawRequest`, `rateRequest`
 * - agents' workbench: `queue`, `claimNext`, `claim`, `heartbeat`, `release`, `transfer`,
 *   `getRequest`, `reply`, `logCallback`, `logCall`, `closeRequest`, `reopenRequest`, `myClaims`,
 *   `setDuty`, `dutyBoard`, `handoffTargets` (colleagues, teams and schools by name)
 * - referrals: `refer` (agents), `listReferrals`, `answerReferral` (agents and departments)
 * - supervisors: `metrics`, `exportMetrics`, `crisisWords`, `setCrisisWords`
 * - timer: `releaseExpiredLeases` (every minute; backstop for expired leases)
 */
export const helpline = createFunction(helplineContract, {
  submitRequest,
  myRequests,
  getMyRequest,
  postMyMessage,
  withdrawRequest,
  rateRequest,
  queue,
  claimNext,
  claim,
  heartbeat,
  release,
  transfer,
  getRequest,
  reply,
  logCallback,
  logCall,
  closeRequest,
  reopenRequest,
  myClaims,
  setDuty,
  dutyBoard,
  handoffTargets,
  refer,
  listReferrals,
  answerReferral,
  metrics,
  exportMetrics,
  crisisWords,
  setCrisisWords,
  releaseExpiredLeases,
});

export const main = helpline.main;
