/**
 * Entries of 工作台 (staff only). Until the 工作台 tab page exists (docs/miniprogram.md "Adding
 * 工作台 for staff"), 我的 lists these for users with a staff role. Each domain appends its own
 * entry (its subpackage page) here; a hidden entry is not access control — the functions check.
 */
export interface WorkbenchEntry {
  /** Absolute page path, e.g. `/packageRegistry/pages/list/index`. */
  url: string;
  label: string;
  /** Roles that see the entry. */
  roles: string[];
}

export const WORKBENCH_ENTRIES: WorkbenchEntry[] = [];

/** The entries any of `roles` may open, in catalogue order. */
export function workbenchEntries(roles: readonly string[], entries: readonly WorkbenchEntry[] = WORKBENCH_ENTRIES): WorkbenchEntry[] {
  return entries.filter((e) => e.roles.some((r) => roles.indexOf(r) >= 0));
}
