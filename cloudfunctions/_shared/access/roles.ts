/**
 * The role catalogue (names from GLOSSARY.md; docs/access.md explains each).
 *
 * `public` is every identified WeChat user (it needs no binding; bound users are public too).
 * Every other role is held through a binding `{ role, scope }` made by accepting an invitation
 * (or by the demo seed). The scope shape each role takes is fixed here.
 */

/** All roles, in the order tables and the matrix list them. */
export const ROLES = [
  'public',
  'parent',
  'entrustedGuardian',
  'villageOfficer',
  'townshipStaff',
  'police',
  'teacher',
  'lifeTeacher',
  'schoolStaff',
  'pairingMember',
  'helplineAgent',
  'helplineSupervisor',
  'publisher',
  'reviewer',
  'countyAdmin',
  'volunteer',
  'siteStaff',
] as const;

export type RoleName = (typeof ROLES)[number];
/** Roles held through a binding (all but `public`). */
export type BoundRole = Exclude<RoleName, 'public'>;
export const BOUND_ROLES = ROLES.filter((r): r is BoundRole => r !== 'public');

/** Kinds of 1+1+1 pairing member (GLOSSARY "1+1+1 care pairing"). */
export const PAIRING_KINDS = ['cadre', 'gridWorker', 'volunteer', 'neighbour'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];

/**
 * What a role's scope is:
 * - `village` / `township` / `county`: one region code of that level (12 / 9 / 6 digits);
 * - `townships`: one or more township codes (police: the county decides which townships a
 *   police station covers, by issuing the invitation with those codes);
 * - `children`: a relationship to given children (parent, entrusted guardian, pairing member);
 * - `school`: one school (and the region it sits in);
 * - `team`: one helpline team;
 * - `site`: one entry of the community directory (the protection centre, a social organisation…).
 */
export type ScopeShape = 'village' | 'township' | 'townships' | 'county' | 'children' | 'school' | 'team' | 'site';

export interface RoleInfo {
  /** Chinese label users see. */
  label: string;
  /** Scope shape; `none` for `public`. */
  scope: ScopeShape | 'none';
}

export const ROLE_INFO: Record<RoleName, RoleInfo> = {
  public: { label: '公众', scope: 'none' },
  parent: { label: '父母', scope: 'children' },
  entrustedGuardian: { label: '受委托监护人', scope: 'children' },
  villageOfficer: { label: '村留守儿童保护专干', scope: 'village' },
  townshipStaff: { label: '乡镇工作人员', scope: 'township' },
  police: { label: '公安民警', scope: 'townships' },
  teacher: { label: '教师', scope: 'school' },
  lifeTeacher: { label: '生活老师', scope: 'school' },
  schoolStaff: { label: '学校工作人员', scope: 'school' },
  pairingMember: { label: '结对帮扶人', scope: 'children' },
  helplineAgent: { label: '热线接线员', scope: 'team' },
  helplineSupervisor: { label: '热线主管', scope: 'team' },
  publisher: { label: '公众号编辑', scope: 'county' },
  reviewer: { label: '审核人', scope: 'county' },
  countyAdmin: { label: '县民政局管理员', scope: 'county' },
  // A registered volunteer (issue 18): bound to the township that approved the sign-up (or
  // invited them); records service hours at that township's sites, sees no child's data.
  volunteer: { label: '志愿者', scope: 'township' },
  // Staff of a directory entry (issue 18: the protection centre, a shelter, a social
  // organisation), bound to that entry by invitation; they answer the referrals sent to it.
  siteStaff: { label: '服务机构工作人员', scope: 'site' },
};

/**
 * Role → roles that may issue invitations for it (and revoke its bindings): who can invite whom
 * (docs/access.md "Who can invite whom" is generated from this table). The issuer must also hold
 * the scope it hands out (`issuingBinding` in issuing.ts).
 */
export const ISSUERS: Record<BoundRole, readonly BoundRole[]> = {
  parent: ['villageOfficer', 'townshipStaff', 'countyAdmin'],
  entrustedGuardian: ['villageOfficer', 'townshipStaff', 'countyAdmin'],
  pairingMember: ['villageOfficer', 'townshipStaff', 'countyAdmin'],
  villageOfficer: ['townshipStaff', 'countyAdmin'],
  townshipStaff: ['countyAdmin'],
  police: ['countyAdmin'],
  teacher: ['schoolStaff', 'countyAdmin'],
  lifeTeacher: ['schoolStaff', 'countyAdmin'],
  schoolStaff: ['countyAdmin'],
  helplineAgent: ['helplineSupervisor', 'countyAdmin'],
  helplineSupervisor: ['countyAdmin'],
  publisher: ['countyAdmin'],
  reviewer: ['countyAdmin'],
  countyAdmin: ['countyAdmin'],
  volunteer: ['townshipStaff', 'countyAdmin'],
  siteStaff: ['townshipStaff', 'countyAdmin'],
};

/** Chinese labels for pairing kinds. */
export const PAIRING_KIND_LABELS: Record<PairingKind, string> = {
  cadre: '村干部',
  gridWorker: '网格员',
  volunteer: '志愿者',
  neighbour: '邻居',
};

/**
 * When several of a caller's bindings allow an action on a target, the one reported (audit
 * `role`, masking) is the caller's active role if it qualifies, else the first in this order.
 */
export const ROLE_PRECEDENCE: readonly BoundRole[] = [
  'countyAdmin',
  'townshipStaff',
  'police',
  'villageOfficer',
  'schoolStaff',
  'teacher',
  'lifeTeacher',
  'helplineSupervisor',
  'helplineAgent',
  'reviewer',
  'publisher',
  'pairingMember',
  'siteStaff',
  'volunteer',
  'entrustedGuardian',
  'parent',
];

/** Roles that may open a break-glass grant (issue: "township or county staff"). */
export const BREAK_GLASS_ROLES: readonly BoundRole[] = ['townshipStaff', 'countyAdmin'];

/** Type guard for role names. */
export function isRole(x: unknown): x is RoleName {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}
