/**
 * The access matrix's enforcement sweep, shard 1 of 3 (tests/helpers/access-matrix.ts deals the
 * actions out; tests/functions/access-matrix.test.ts checks the matrix itself).
 */
import { describeEnforcement } from '../helpers/access-matrix';

describeEnforcement(0);
