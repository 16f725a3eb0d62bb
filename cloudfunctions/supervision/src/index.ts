import { createFunction } from '../../_shared/router';
import { supervisionContract } from '../../_shared/contracts/supervision';
import { board, indicator, refreshBoard } from './board';
import { circular, circularFile, circulars, makeCircular } from './circulars';
import { answerFollowUp, followUp, followUps, reviewFollowUp } from './follow-ups';
import { photoSlots } from './photo-slots';
import { runTimers } from './run-timers';
import { drawSpotCheck, recordSpotCheck, spotCheck, spotChecks } from './spot-checks';
import { staffing } from './staffing';

/**
 * `supervision`: the county's oversight of the work (policy §三(一)(三); docs/supervision.md).
 * - boards: `board` (a region's indicators, trend, ranking), `indicator` (the drill-down to the
 *   regions and items behind a number), `refreshBoard` (recompute now)
 * - the monthly circular (通报): `circulars` (the list), `circular` (one), `circularFile` (its
 *   xlsx to download), `makeCircular` (now, county admin); the scheduler makes it on the 1st
 * - spot checks (随机抽查): `drawSpotCheck`, `spotChecks`, `spotCheck`, `recordSpotCheck`; their
 *   follow-up tasks (跟踪问效): `followUps`, `followUp`, `photoSlots` (where to upload photos), `answerFollowUp`, `reviewFollowUp`
 * - staffing: `staffing` (township staff and village officers bound against the need)
 * - timer work: `runTimers` (internal; the scheduler's `supervision` timer invokes it)
 */
export const supervision = createFunction(supervisionContract, { board, indicator, refreshBoard, staffing, circulars, circular, circularFile, makeCircular, drawSpotCheck, spotChecks, spotCheck, recordSpotCheck, followUps, followUp, photoSlots, answerFollowUp, reviewFollowUp, runTimers });

export const main = supervision.main;
