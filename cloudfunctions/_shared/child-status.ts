/**
 * Whether a child file is in the active registry on a day — the one definition every capability
 * counts with (care's lists and reminders, the supervision indicators). Pure.
 */
import type { ChildDoc } from './contracts/registry';

/**
 * A child file is active on `day` (Asia/Shanghai `YYYY-MM-DD`): not erased, not left, and not
 * aged out (from the 16th birthday on the file counts as left even before the nightly job wrote
 * it; registry `isActiveOn`).
 */
export function isActiveChild(c: Pick<ChildDoc, 'status' | 'ageOutOn'> & { erased?: unknown }, day: string): boolean {
  if (c.erased) return false;
  if (c.status === 'left') return false;
  return !(c.ageOutOn && c.ageOutOn <= day);
}
