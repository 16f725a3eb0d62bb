import { createFunction } from '../../_shared/router';
import { supervisionContract } from '../../_shared/contracts/supervision';
import { board, indicator, refreshBoard } from './board';
import { circular, circularFile, circulars, makeCircular } from './circulars';
import { runTimers } from './run-timers';
import { staffing } from './staffing';

/**
 * `supervision`: the county's oversight of the work (policy §三(一)(三); docs/supervision.md).
 * - boards: `board` (a region's indicators, trend, ranking), `indicator` (the drill-down to the
 *   regions and items behind a number), `refreshBoard` (recompute now)
 * - the monthly circular (通报): `circulars` (the list), `circular` (one), `circularFile` (its
 *   xlsx to download), `makeCircular` (now, county admin); the scheduler makes it on the 1st
 * - staffing: `staffing` (township staff and village officers bound against the need)
 * - timer work: `runTimers` (internal; the scheduler's `supervision` timer invokes it)
 */
export const supervision = createFunction(supervisionContract, { board, indicator, refreshBoard, staffing, circulars, circular, circularFile, makeCircular, runTimers });

export const main = supervision.main;
