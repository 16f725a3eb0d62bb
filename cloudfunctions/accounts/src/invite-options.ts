/**
 * Whom a person may invite and to where (the staff page and the child file ask before showing
 * the form), how a scope reads in words, and the invitation card (the mini-program code of the
 * accept page with the code as its scene, the share path). Rule source: `ISSUERS` (who can
 * invite whom) and `issuingBinding` (an issuer hands out only scope it holds) — the same
 * predicate `createInvitation` checks, so every choice offered here is one it accepts.
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import {
  ACCESS_COLLECTIONS as C,
  BOUND_ROLES,
  ISSUERS,
  ISSUING_ROLES,
  PAIRING_KINDS,
  PAIRING_KIND_LABELS,
  ROLE_INFO,
  dbOf,
  fetchAll,
  issuingBinding,
  maskName,
  presentPlain,
  regionLevel,
  requireChildAccess,
  resolveActor,
  type Binding,
  type BoundRole,
  type RoleName,
  type Scope,
} from './deps';
import { regionNames } from './common';
import { ACCEPT_PAGE, FAMILY_ROLES, accountsContract, type InvitationCard, type InviteChoice, type InviteRoleOption } from '../../_shared/contracts/accounts';
import type { ChildDoc } from '../../_shared/contracts/registry';
import type { ActionContext, Db } from '../../_shared/context';

const A = accountsContract.actions;

/** Roles that invite a child's family (and may open the child-file invitation). */
const FAMILY_ISSUERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const satisfies readonly RoleName[];

interface RegionRow {
  _id: string;
  name: string;
  level: string;
  parentCode?: string;
}

/** Divisions of `level` inside `code` (the `regions` collection; none when it is missing). */
async function regionsUnder(db: Db, code: string, level: 'township' | 'village'): Promise<RegionRow[]> {
  try {
    return await fetchAll<RegionRow>(db.collection('regions').where({ ancestors: code, level }), 2000);
  } catch {
    return [];
  }
}

/** Helpline teams (`helplineTeams`): id and name. */
async function teams(db: Db, ids?: string[]): Promise<{ _id: string; name?: string }[]> {
  const _ = db.command;
  try {
    return await fetchAll(db.collection('helplineTeams').where(ids ? { _id: _.in(ids) } : {}), 200);
  } catch {
    return [];
  }
}

/** Registered schools, when the schools registry exists (`schools`: name and region). */
async function schools(db: Db, ids?: string[]): Promise<{ _id: string; name?: string; regionCode?: string }[]> {
  const _ = db.command;
  try {
    return await fetchAll(db.collection('schools').where(ids ? { _id: _.in(ids) } : {}), 2000);
  } catch {
    return [];
  }
}

/** Directory entries (`communitySites`, issue 18): id, name, the division served. */
async function sites(db: Db, ids?: string[]): Promise<{ _id: string; name?: string; regionCode?: string; kindLabel?: string }[]> {
  const _ = db.command;
  try {
    return await fetchAll(db.collection('communitySites').where(ids ? { _id: _.in(ids) } : {}).field({ _id: true, name: true, regionCode: true }), 5000);
  } catch {
    return [];
  }
}

/** Candidate scopes of a staff role from the caller's bindings (filtered by `issuingBinding` afterwards). */
async function candidates(db: Db, role: BoundRole, issuers: Binding[]): Promise<InviteChoice[]> {
  const shape = ROLE_INFO[role].scope;
  const regionCodes = [...new Set(issuers.flatMap((b) => (b.scope.kind === 'region' ? b.scope.codes : [])))];
  const out: InviteChoice[] = [];
  const region = (code: string, name: string, group?: string): InviteChoice => ({ key: code, label: name, group, scope: { kind: 'region', codes: [code] } });
  if (shape === 'county') {
    const names = await regionNames(db, regionCodes);
    for (const c of regionCodes.filter((c) => regionLevel(c) === 'county')) out.push(region(c, names[c] ?? c));
  } else if (shape === 'township' || shape === 'townships') {
    for (const c of regionCodes) {
      if (regionLevel(c) === 'township') out.push(region(c, (await regionNames(db, [c]))[c] ?? c));
      else if (regionLevel(c) === 'county') for (const t of await regionsUnder(db, c, 'township')) out.push(region(t._id, t.name));
    }
  } else if (shape === 'village') {
    for (const c of regionCodes) {
      if (regionLevel(c) === 'village') continue;
      const towns = regionLevel(c) === 'county' ? await regionsUnder(db, c, 'township') : [{ _id: c, name: (await regionNames(db, [c]))[c] ?? c, level: 'township' }];
      const townName = new Map(towns.map((t) => [t._id, t.name]));
      for (const v of await regionsUnder(db, c, 'village')) out.push(region(v._id, v.name, townName.get(v.parentCode ?? v._id.slice(0, 9)) ?? ''));
    }
  } else if (shape === 'team') {
    const own = issuers.flatMap((b) => (b.scope.kind === 'team' ? [b.scope.teamId] : []));
    const county = issuers.some((b) => b.role === 'countyAdmin');
    const rows = await teams(db, county ? undefined : own);
    for (const t of rows) out.push({ key: t._id, label: t.name ?? '热线团队', group: undefined, scope: { kind: 'team', teamId: t._id } });
  } else if (shape === 'school') {
    const own = issuers.flatMap((b) => (b.scope.kind === 'school' ? [b.scope] : []));
    const known = await schools(db, own.length && !issuers.some((b) => b.scope.kind === 'region') ? own.map((s) => s.schoolId) : undefined);
    const names = new Map(known.map((s) => [s._id, s]));
    for (const s of own) out.push({ key: s.schoolId, label: names.get(s.schoolId)?.name ?? '本校', group: undefined, scope: s });
    for (const s of known) {
      if (!s.regionCode || own.some((o) => o.schoolId === s._id)) continue;
      out.push({ key: s._id, label: s.name ?? '学校', group: undefined, scope: { kind: 'school', schoolId: s._id, regionCode: s.regionCode } });
    }
  } else if (shape === 'site') {
    // Entries of the directory in the issuer's area (filtered by issuingBinding afterwards).
    for (const s of await sites(db)) {
      if (s.regionCode && regionCodes.some((c) => s.regionCode!.startsWith(c))) out.push({ key: s._id, label: s.name ?? '服务机构', group: undefined, scope: { kind: 'site', siteId: s._id, regionCode: s.regionCode } });
    }
  }
  return out;
}

/** The options of one role the caller may issue, or undefined when they may not issue it at all. */
async function roleOption(db: Db, actor: { bindings: Binding[] }, role: BoundRole, childScope?: { scope: Scope; regions: string[] }): Promise<InviteRoleOption | undefined> {
  const issuers = actor.bindings.filter((b) => ISSUERS[role].includes(b.role));
  if (!issuers.length) return undefined;
  const choices = childScope
    ? issuingBinding(actor.bindings, role, childScope.scope, childScope.regions)
      ? [{ key: 'child', label: '这名儿童', group: undefined, scope: childScope.scope }]
      : []
    : (await candidates(db, role, issuers)).filter((c) => issuingBinding(actor.bindings, role, c.scope));
  if (!choices.length && ROLE_INFO[role].scope === 'children') return undefined;
  return {
    role,
    roleLabel: ROLE_INFO[role].label,
    multiple: ROLE_INFO[role].scope === 'townships',
    choices,
    pairingKinds: role === 'pairingMember' ? PAIRING_KINDS.map((k) => ({ value: k, label: PAIRING_KIND_LABELS[k] })) : undefined,
    supervisorOption: role === 'townshipStaff',
    unavailable: choices.length
      ? undefined
      : ROLE_INFO[role].scope === 'school'
        ? '学校名录中还没有您可邀请的学校，暂不能邀请学校人员'
        : ROLE_INFO[role].scope === 'team'
          ? '还没有热线团队，暂不能邀请热线人员'
          : ROLE_INFO[role].scope === 'site'
            ? '您的管辖范围内还没有服务站点，请先在“服务站点管理”中登记保护中心或社会组织'
            : '您的管辖范围内没有可邀请的地方',
  };
}

export const inviteOptions = action(A.inviteOptions, {
  access: { roles: ISSUING_ROLES },
  example: () => ({}),
  /**
   * The staff roles the caller may invite (ISSUERS), each with the places they hold that the role
   * may be given: townships or villages of their county or township, their helpline team (all
   * teams for the county admin), their school (registered schools for the county admin). A role
   * with nothing to offer says why (`unavailable`).
   */
  handler: async (_input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const roles: InviteRoleOption[] = [];
    for (const role of BOUND_ROLES) {
      if ((FAMILY_ROLES as readonly string[]).includes(role)) continue;
      const o = await roleOption(db, actor, role);
      if (o) roles.push(o);
    }
    return { child: undefined, roles };
  },
});

export const familyInviteOptions = action(A.familyInviteOptions, {
  access: { roles: FAMILY_ISSUERS, dataScope: 'handler' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * From the child file: the family roles the caller may invite for this child (parents,
   * entrusted guardian, pairing members), and the family members on file (names as the caller's
   * role may see them) to invite in one tap.
   * @throws FORBIDDEN (child out of reach), NOT_FOUND (no such child)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const g = await requireChildAccess(ctx, input.childId, FAMILY_ISSUERS, false);
    const child = g.target!.doc as ChildDoc & { erased?: unknown };
    if (child.erased) throw new AppError('NOT_FOUND', '未找到该儿童档案');
    const scope: Scope = { kind: 'children', childIds: [child._id] };
    const roles: InviteRoleOption[] = [];
    for (const role of FAMILY_ROLES) {
      const o = await roleOption(db, actor, role, { scope, regions: [child.villageCode] });
      if (o) roles.push(o);
    }
    const suggestions: { role: BoundRole; relation: string; name: string }[] = [];
    const name = (v: string | undefined) => presentPlain('guardian.name', v, g.role);
    if (name(child.father?.name)) suggestions.push({ role: 'parent', relation: '父亲', name: name(child.father?.name)! });
    if (name(child.mother?.name)) suggestions.push({ role: 'parent', relation: '母亲', name: name(child.mother?.name)! });
    if (name(child.entrusted?.name)) suggestions.push({ role: 'entrustedGuardian', relation: child.entrusted?.relationToChild || '受委托监护人', name: name(child.entrusted?.name)! });
    const village = (await regionNames(db, [child.villageCode]))[child.villageCode] ?? '';
    return {
      child: { childId: child._id, name: presentPlain('child.name', child.name, g.role) ?? '', villageName: village, suggestions },
      roles,
    };
  },
});

/**
 * Where a scope applies, in words: place names, `王*明（团结村）` for children (masked: a card
 * may be shown to others; `1名儿童（团结村）` with `names: false`), a team's or a school's name.
 */
export async function describeScope(db: Db, scope: Scope, opts: { names?: boolean } = {}): Promise<string> {
  if (scope.kind === 'region') {
    const names = await regionNames(db, scope.codes);
    return scope.codes.map((c) => names[c] ?? c).join('、');
  }
  if (scope.kind === 'team') return (await teams(db, [scope.teamId]))[0]?.name ?? '热线团队';
  if (scope.kind === 'school') return (await schools(db, [scope.schoolId]))[0]?.name ?? '本校';
  if (scope.kind === 'site') return (await sites(db, [scope.siteId]))[0]?.name ?? '服务机构';
  const kids = await fetchAll<{ _id: string; name?: string; villageCode: string }>(
    db.collection(C.children).where({ _id: db.command.in(scope.childIds) }).field({ _id: true, name: true, villageCode: true }),
    100,
  );
  const village = kids[0] ? ((await regionNames(db, [kids[0].villageCode]))[kids[0].villageCode] ?? '') : '';
  const names = opts.names === false ? `${scope.childIds.length}名儿童` : kids.map((c) => (c.name ? maskName(c.name) : '儿童')).join('、');
  return village ? `${names}（${village}）` : names;
}

/** Environment variable naming the mini-program version a code opens (`release`, `trial`, `develop`). */
export const MP_ENV_VERSION_ENV = 'SHOUWANG_MP_ENV_VERSION';

/**
 * The mini-program code of the accept page with `code` as its scene (wxacode.getUnlimited, a
 * cloud call; locally the WeChat stand-in draws a QR code of the same link). Never throws: when
 * WeChat refuses, the card says so and shows the plain QR code.
 */
export async function miniProgramCode(ctx: ActionContext, code: string): Promise<{ miniCode: string | null; miniCodeNote: string | undefined }> {
  const failed = { miniCode: null, miniCodeNote: '暂时无法生成小程序码，请让对方扫描下方二维码，或在“我的 → 输入邀请码”中输入邀请码' };
  try {
    const body = { scene: code, page: ACCEPT_PAGE, check_path: false, env_version: process.env[MP_ENV_VERSION_ENV] || 'release', width: 430 };
    const res: unknown = await ctx.app.callCompatibleWxOpenApi({ apiName: '/wxa/getwxacodeunlimit', requestData: Buffer.from(JSON.stringify(body)) });
    const buf = Buffer.isBuffer(res) ? res : res instanceof Uint8Array ? Buffer.from(res) : undefined;
    if (buf && buf.length > 8 && buf[0] === 0x89 && buf[1] === 0x50) return { miniCode: `data:image/png;base64,${buf.toString('base64')}`, miniCodeNote: undefined };
    if (buf && buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8) return { miniCode: `data:image/jpeg;base64,${buf.toString('base64')}`, miniCodeNote: undefined };
    console.error('[accounts] wxacode.getUnlimited refused', buf ? buf.toString('utf8').slice(0, 200) : res);
    return failed;
  } catch (err) {
    console.error('[accounts] wxacode.getUnlimited failed', (err as Error)?.message ?? err);
    return failed;
  }
}

/** The card of an invitation (see InvitationCard). */
export async function invitationCard(
  ctx: ActionContext,
  inv: { role: BoundRole; scope: Scope; inviteeName: string; expiresAt: Date },
  code: string,
): Promise<InvitationCard> {
  const db = dbOf(ctx);
  return {
    roleLabel: ROLE_INFO[inv.role].label,
    scopeText: await describeScope(db, inv.scope),
    inviteeName: inv.inviteeName,
    expiresAt: inv.expiresAt,
    sharePath: `${ACCEPT_PAGE}?code=${encodeURIComponent(code)}`,
    ...(await miniProgramCode(ctx, code)),
  };
}

/**
 * Why `createInvitation` refuses an issuer, in words: the role is not theirs to hand out (who
 * may), or the place is outside their own scope (theirs).
 */
export async function refusalOf(db: Db, bindings: Binding[], role: BoundRole, scope: Scope): Promise<{ message: string; reason: 'ROLE_NOT_ISSUABLE' | 'SCOPE_OUTSIDE' }> {
  const label = ROLE_INFO[role].label;
  const mine = bindings.filter((b) => ISSUERS[role].includes(b.role));
  if (!mine.length) {
    const who = ISSUERS[role].map((r) => ROLE_INFO[r].label).join('、');
    return { reason: 'ROLE_NOT_ISSUABLE', message: `您不能邀请${label}：只有${who}可以邀请` };
  }
  const held = (await Promise.all(mine.map((b) => describeScope(db, b.scope)))).filter(Boolean).join('、');
  const asked = await describeScope(db, scope);
  return { reason: 'SCOPE_OUTSIDE', message: `${asked || '该范围'}不在您的管辖范围（${held}）内，不能为此邀请${label}` };
}

/** `describeScope` for many scopes at once (equal scopes described once). */
export async function describeScopes(db: Db, scopes: Scope[]): Promise<string[]> {
  const cache = new Map<string, Promise<string>>();
  return Promise.all(
    scopes.map((sc) => {
      const key = JSON.stringify(sc);
      if (!cache.has(key)) cache.set(key, describeScope(db, sc));
      return cache.get(key)!;
    }),
  );
}
