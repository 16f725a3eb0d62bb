/**
 * The county's townships and villages by name (`registry.regions`), for the place picker
 * (components/sw-region-picker): people choose a name, never type a division code. Loaded once
 * per app session (the divisions change only by state decree); a failed load is not kept, so the
 * next open retries.
 */
import { callFunction, type Envelope } from './api';
import type { RegionTreeView } from '../contracts/registry';

export type { RegionTreeView };
export { pickedCode, regionChoices, regionPath, type RegionChoice } from './regions-logic';

let cached: Promise<Envelope<RegionTreeView>> | undefined;

/** The county's divisions (cached for the session once loaded). */
export function loadRegions(): Promise<Envelope<RegionTreeView>> {
  if (!cached) {
    cached = callFunction('registry', 'regions').then((res) => {
      if (!res.ok) cached = undefined;
      return res;
    });
  }
  return cached;
}

/** Forgets the cached divisions (tests; a county admin who just loaded new ones). */
export function resetRegions(): void {
  cached = undefined;
}
