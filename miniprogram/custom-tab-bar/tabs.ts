/**
 * The tabs of the custom tab bar. Everyone gets 政策 / 求助 / 我的; bound staff will also get
 * 工作台 (DESIGN.md "Navigation"): add it here with `staffOnly: true` and list its page in
 * `app.json` `tabBar.list` (tab pages must be in the main package).
 */
export interface Tab {
  /** Page route without the leading slash, as `getCurrentPages()` reports it. */
  value: string;
  label: string;
  /** TDesign icon name. */
  icon: string;
  /** Shown only to users bound to a staff role. */
  staffOnly?: boolean;
  /** 消息 is entered here: the tab carries the unread count as a badge. */
  inbox?: boolean;
}

export const TABS: Tab[] = [
  { value: 'pages/policy/index', label: '政策', icon: 'file-1' },
  { value: 'pages/help/index', label: '求助', icon: 'help-circle' },
  { value: 'pages/mine/index', label: '我的', icon: 'user', inbox: true },
];

/** Roles that are not staff: everyone else bound to a role sees staff tabs. */
const NON_STAFF_ROLES = new Set(['public', 'parent', 'entrustedGuardian', 'guardian']);

export function isStaff(roles: readonly string[]): boolean {
  return roles.some((r) => !NON_STAFF_ROLES.has(r));
}

export function visibleTabs(roles: readonly string[]): Tab[] {
  const staff = isStaff(roles);
  return TABS.filter((t) => !t.staffOnly || staff);
}
