/**
 * The registration point of the supervision indicators: every domain's source, in board order.
 * A domain contributes indicators by declaring them in `contracts/indicators.ts` and adding its
 * source here (docs/supervision.md "Adding an indicator"). The check below fails to compile
 * while a catalogue key has no source; tests/unit/supervision-indicators.test.ts fails when a key
 * has two.
 */
import type { IndicatorKey } from '../contracts/indicators';
import type { Item, SourceInput } from './define';
import { registrySource } from './registry';
import { careSource } from './care';
import { guardianshipSource } from './guardianship';
import { helplineSource } from './helpline';
import { staffingSource } from './staffing';
import { communitySource } from './community';
import { communityOrgsSource } from './community-orgs';
import { supervisionSource } from './supervision';
import { homesSource } from './homes';

export const INDICATOR_SOURCES = [registrySource, careSource, guardianshipSource, helplineSource, staffingSource, communitySource, homesSource, communityOrgsSource, supervisionSource] as const;

type Implemented = (typeof INDICATOR_SOURCES)[number]['keys'][number];
/** Compile-time check: every catalogue key is implemented by some source. */
const everyKeyImplemented: [Exclude<IndicatorKey, Implemented>] extends [never] ? true : { missing: Exclude<IndicatorKey, Implemented> } = true;
void everyKeyImplemented;

/** A source as the engine runs it (any of the above). */
export interface AnySource {
  domain: string;
  keys: readonly IndicatorKey[];
  compute(input: SourceInput): Promise<Partial<Record<IndicatorKey, Item[]>>>;
}

/** The sources as the engine runs them. */
export const SOURCES: readonly AnySource[] = INDICATOR_SOURCES;

export * from './define';
