/**
 * Social organisations (policy §二(五): 每个乡镇至少有1家专业社会组织，配备专职人员，开展假期托管、
 * 课后辅导、心理辅导、亲情陪伴，实施温暖包、爱的背包等公益项目): the registry kept by the county and
 * township staff, each organisation's projects and awards (also added by its own staff), and
 * every township's coverage against one. docs/community.md "社会组织".
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, presentSealed, regionContains, seal, type RoleName, type SealedValue } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import type { ActionContext, Db } from '../../_shared/context';
import { creditCheckChar } from '../../_shared/contracts/fields';
import {
  ORG_ERRORS,
  ORG_SERVICE_LABELS,
  ORG_STATUS_LABELS,
  communityContract,
  type OrgAward,
  type OrgDoc,
  type OrgProject,
  type OrgView,
  type OrgsView,
  type SiteDoc,
} from '../../_shared/contracts/community';
import { CM, MANAGERS, areaFor, managedCodes, manages, personOf, regionName, regionNames } from './common';

const A = communityContract.actions;
export const ORGS = 'socialOrgs';
const READERS = [...MANAGERS, 'siteStaff'] as const satisfies readonly RoleName[];

/** A valid credit code for examples and demo data (民政 social service organisation, the county's code). */
export function exampleCreditCode(countyCode: string, tail: string): string {
  const first17 = `52${countyCode}${tail.toUpperCase().replace(/[^0-9A-F]/g, '0').padEnd(9, '0').slice(0, 9)}`;
  return first17 + creditCheckChar(first17);
}

/** Directory entries the caller is bound to as 服务机构工作人员. */
function staffSites(ctx: ActionContext): { siteId: string; regionCode: string }[] {
  return (ctx.actor?.bindings ?? []).flatMap((b) => (b.role === 'siteStaff' && b.status === 'active' && b.scope.kind === 'site' ? [{ siteId: b.scope.siteId, regionCode: b.scope.regionCode }] : []));
}

/** True when the caller keeps the registry entry: the county, or township staff of its home township or a township it serves. */
function canEdit(ctx: ActionContext, org: Pick<OrgDoc, 'regionCode' | 'townships'>): boolean {
  return manages(ctx, org.regionCode) || org.townships.some((t) => manages(ctx, t));
}

/** True when the caller may add projects and awards: whoever keeps the entry, or its own staff. */
function canRecord(ctx: ActionContext, org: Pick<OrgDoc, 'regionCode' | 'townships' | 'siteIds'>): boolean {
  return canEdit(ctx, org) || staffSites(ctx).some((s) => org.siteIds.includes(s.siteId));
}

/** Names of the people bound as 服务机构工作人员 to any of `siteIds`. */
async function staffNames(db: Db, siteIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!siteIds.length) return out;
  const _ = db.command;
  const bindings = await fetchAll<{ personId: string; scope: { siteId: string } }>(db.collection(CM.roleBindings).where({ role: 'siteStaff', status: 'active', 'scope.siteId': _.in(siteIds) }), 2000);
  const people = bindings.length ? await fetchAll<{ _id: string; name?: string }>(db.collection(CM.persons).where({ _id: _.in([...new Set(bindings.map((b) => b.personId))]) }).field({ _id: true, name: true }), 2000) : [];
  const nameOf = new Map(people.map((p) => [p._id, p.name ?? '']));
  for (const b of bindings) out.set(b.scope.siteId, [...(out.get(b.scope.siteId) ?? []), nameOf.get(b.personId) || '（未填姓名）']);
  return out;
}

/** Premises (directory entries) by id. */
async function sitesById(db: Db, ids: string[]): Promise<Map<string, SiteDoc>> {
  if (!ids.length) return new Map();
  const rows = await fetchAll<SiteDoc>(db.collection(CM.sites).where({ _id: db.command.in(ids) }), 1000);
  return new Map(rows.map((s) => [s._id, s]));
}

/** Organisations as pages show them (contact phones as `role` sees `person.phone`: masked). */
async function orgViews(ctx: ActionContext, docs: OrgDoc[], names: Map<string, string>): Promise<OrgView[]> {
  const db = dbOf(ctx);
  const role: RoleName = ctx.grant?.role ?? 'townshipStaff';
  const siteIds = [...new Set(docs.flatMap((d) => d.siteIds))];
  const [sites, staff] = await Promise.all([sitesById(db, siteIds), staffNames(db, siteIds)]);
  const byYearDesc = (a: OrgAward, b: OrgAward) => b.year - a.year || a.name.localeCompare(b.name, 'zh-Hans-CN');
  const byFromDesc = (a: OrgProject, b: OrgProject) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0);
  return docs.map((d) => ({
    orgId: d._id,
    name: d.name,
    creditCode: d.creditCode,
    region: regionName(d.regionCode, names),
    townships: [...d.townships].sort().map((t) => regionName(t, names)),
    fullTimeStaff: d.fullTimeStaff,
    contacts: d.contacts.map((c) => ({ name: c.name, phone: presentSealed(c.phone as SealedValue, role) ?? '' })),
    services: d.services,
    serviceLabels: d.services.map((s) => ORG_SERVICE_LABELS[s]),
    premises: d.siteIds.flatMap((id) => {
      const s = sites.get(id);
      return s ? [{ siteId: id, name: s.name, address: s.address }] : [];
    }),
    staffAccounts: [...new Set(d.siteIds.flatMap((id) => staff.get(id) ?? []))],
    projects: [...d.projects].sort(byFromDesc).map(({ townshipCode, updatedBy: _u, ...p }) => ({ ...p, township: regionName(townshipCode, names) })),
    awards: [...d.awards].sort(byYearDesc).map(({ updatedBy: _u, ...a }) => a),
    status: d.status,
    statusLabel: ORG_STATUS_LABELS[d.status],
    canEdit: canEdit(ctx, d),
    canRecord: canRecord(ctx, d),
  }));
}

/** The organisations of a county (every status). */
async function countyOrgs(db: Db, countyCode: string): Promise<OrgDoc[]> {
  return fetchAll<OrgDoc>(db.collection(ORGS).where({ countyCode }), 2000);
}

/** Loads an organisation the caller may read (keeps it, serves in their township, or works there). */
async function readableOrg(ctx: ActionContext, orgId: string, may: (org: OrgDoc) => boolean): Promise<OrgDoc> {
  const org = await getDoc<OrgDoc>(dbOf(ctx), ORGS, orgId);
  if (!org) throw new AppError('NOT_FOUND', '没有找到这个社会组织，请刷新后重试');
  if (!may(org)) throw new AppError('FORBIDDEN', '该社会组织不在您的管辖范围内');
  return org;
}

async function orgExample(w: { side: { countyCode: string; townshipCode: string; siteId: string }; insert: (c: string, d: Record<string, unknown>) => Promise<string>; unique: () => string; now: Date }): Promise<string> {
  return w.insert(ORGS, {
    countyCode: w.side.countyCode,
    regionCode: w.side.townshipCode,
    name: '示例社会工作服务中心',
    creditCode: exampleCreditCode(w.side.countyCode, w.unique()),
    townships: [w.side.townshipCode],
    fullTimeStaff: 3,
    contacts: [],
    services: ['tutoring'],
    siteIds: [w.side.siteId],
    projects: [],
    awards: [],
    status: 'active',
    createdAt: w.now,
    createdBy: 'x',
    updatedAt: w.now,
    updatedBy: 'x',
  });
}

export const orgs = action(A.orgs, {
  access: { roles: READERS, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * The social organisations of the caller's area — township staff: those registered in or serving
   * their township; the county: all (or one township's); an organisation's staff: their own
   * organisation(s) — with every township of the area and how many active organisations serve it
   * (policy: at least one), the townships the caller may list and the premises they may link.
   * Audited as a search.
   * @throws FORBIDDEN for an area outside the caller's
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const mineSites = staffSites(ctx);
    const isManager = managedCodes(ctx).length > 0;
    let area: string;
    if (isManager) area = areaFor(ctx, input.regionCode);
    else {
      area = mineSites[0]?.regionCode ?? '';
      if (!area || (input.regionCode && !mineSites.some((s) => regionContains(input.regionCode!, s.regionCode) || regionContains(s.regionCode, input.regionCode!)))) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
      area = area.slice(0, 9);
    }
    const countyCode = area.slice(0, 6);
    const [names, docs, sites] = await Promise.all([regionNames(db, countyCode), countyOrgs(db, countyCode), fetchAll<SiteDoc>(db.collection(CM.sites).where({ countyCode }), 5000)]);
    const inArea = (d: OrgDoc) => regionContains(area, d.regionCode) || d.townships.some((t) => regionContains(area, t));
    const mine = isManager ? docs.filter(inArea) : docs.filter((d) => mineSites.some((s) => d.siteIds.includes(s.siteId)));
    mine.sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    const townshipCodes = [...names.keys()].filter((c) => c.length === 9 && regionContains(area, c)).sort();
    const active = docs.filter((d) => d.status === 'active');
    const coverage = townshipCodes.map((c) => ({ township: regionName(c, names), orgs: active.filter((d) => d.townships.includes(c)).length }));
    const view: OrgsView = {
      region: regionName(area, names),
      coverage,
      covered: coverage.filter((c) => c.orgs > 0).length,
      orgs: await orgViews(ctx, mine, names),
      places: townshipCodes.filter((c) => manages(ctx, c)).map((c) => regionName(c, names)),
      premises: sites.filter((s) => s.kind === 'organisation' && manages(ctx, s.regionCode)).map((s) => ({ siteId: s._id, name: s.name, region: regionName(s.regionCode, names).name })),
      canRegister: isManager,
    };
    await audit(ctx, { op: 'search', count: mine.length, regionCode: area });
    return view;
  },
});

export const org = action(A.org, {
  access: { roles: READERS, dataScope: 'handler' },
  example: async (w) => ({ orgId: await orgExample(w) }),
  /**
   * One organisation: townships served, full-time staff and contacts (phones masked), services,
   * premises and their bound staff, projects (newest first) and awards (latest year first), and
   * whether the caller may edit it or add projects and awards. Audited as a read.
   * @throws NOT_FOUND; FORBIDDEN for an organisation neither kept nor served in the caller's area, nor their own
   */
  handler: async (input, ctx) => {
    const d = await readableOrg(ctx, input.orgId, (o) => canRecord(ctx, o));
    await audit(ctx, { op: 'read', target: { kind: 'socialOrg', id: d._id }, regionCode: d.regionCode });
    return (await orgViews(ctx, [d], await regionNames(dbOf(ctx), d.countyCode)))[0];
  },
});

export const saveOrg = action(A.saveOrg, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({
    name: `${w.unique().slice(0, 4)}社会工作服务中心`,
    creditCode: exampleCreditCode(w.side.countyCode, w.unique()),
    regionCode: w.side.townshipCode,
    townships: [w.side.townshipCode],
    fullTimeStaff: 4,
    contacts: [{ name: '周敏', phone: '13955660001' }],
    services: ['holidayCare', 'tutoring'],
  }),
  /**
   * Registers (no `orgId`) or changes a social organisation. The county may set anything in the
   * county; township staff register organisations of their township, and on an organisation serving
   * their township may change its fields but add or remove only their own township in the list
   * served. Premises must be directory entries of kind `organisation` in the caller's area. Contact
   * phones are sealed (`person.phone`); a contact sent without a phone keeps the one stored under
   * that name. One organisation per credit code. Projects and awards are kept. Audited as a write.
   * @throws FORBIDDEN outside the caller's area; TOWNSHIP_NOT_YOURS; PREMISES_INVALID;
   *   CREDIT_CODE_TAKEN; CONTACT_PHONE_REQUIRED; NOT_FOUND for an unknown `orgId`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    const now = ctx.now();
    const old = input.orgId ? await readableOrg(ctx, input.orgId, (o) => canEdit(ctx, o)) : undefined;
    if ((!old || old.regionCode !== input.regionCode) && !manages(ctx, input.regionCode)) throw new AppError('FORBIDDEN', '登记所在地不在您的管辖范围内');
    const before = new Set(old?.townships ?? []);
    const after = new Set(input.townships);
    const changed = [...after].filter((t) => !before.has(t)).concat([...before].filter((t) => !after.has(t)));
    if (changed.some((t) => !manages(ctx, t))) throw new AppError('TOWNSHIP_NOT_YOURS', ORG_ERRORS.TOWNSHIP_NOT_YOURS);
    const added = input.siteIds.filter((id) => !old?.siteIds.includes(id));
    const sites = await sitesById(db, added);
    if (added.some((id) => sites.get(id)?.kind !== 'organisation' || !manages(ctx, sites.get(id)!.regionCode))) throw new AppError('PREMISES_INVALID', ORG_ERRORS.PREMISES_INVALID);
    const same = await fetchAll<{ _id: string }>(db.collection(ORGS).where({ creditCode: input.creditCode }).field({ _id: true }), 5);
    if (same.some((s) => s._id !== old?._id)) throw new AppError('CREDIT_CODE_TAKEN', ORG_ERRORS.CREDIT_CODE_TAKEN);
    const contacts = input.contacts.map((c) => {
      const kept = old?.contacts.find((o) => o.name === c.name)?.phone;
      if (!c.phone && !kept) throw new AppError('CONTACT_PHONE_REQUIRED', `${c.name}：${ORG_ERRORS.CONTACT_PHONE_REQUIRED}`);
      return { name: c.name, phone: c.phone ? seal('person.phone', c.phone) : kept! };
    });
    const { orgId: _o, ...f } = input;
    const body = { ...f, townships: [...after].sort(), contacts, countyCode: input.regionCode.slice(0, 6), updatedAt: now, updatedBy: by };
    let doc: OrgDoc;
    if (old) {
      await db.collection(ORGS).doc(old._id).update(body);
      doc = { ...old, ...body };
    } else {
      doc = { _id: `org-${randomUUID().replace(/-/g, '').slice(0, 16)}`, ...body, projects: [], awards: [], createdAt: now, createdBy: by };
      await db.collection(ORGS).add(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'socialOrg', id: doc._id }, regionCode: doc.regionCode });
    return (await orgViews(ctx, [doc], await regionNames(db, doc.countyCode)))[0];
  },
});

export const saveOrgProject = action(A.saveOrgProject, {
  access: { roles: READERS, dataScope: 'handler' },
  example: async (w) => ({ orgId: await orgExample(w), name: '温暖包', from: '2026-01-10', to: '2026-02-10', childrenReached: 120, townshipCode: w.side.townshipCode }),
  /**
   * Adds a public-interest project (no `projectId`) or changes one: its name (温暖包、爱的背包…),
   * days, children reached and the township it ran in (one the organisation serves). The
   * organisation's own staff may do this, as may whoever keeps its entry. Audited as a write.
   * @throws NOT_FOUND (organisation or project); FORBIDDEN; VALIDATION_FAILED naming 实施乡镇 for a township it does not serve
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const d = await readableOrg(ctx, input.orgId, (o) => canRecord(ctx, o));
    if (!d.townships.includes(input.townshipCode)) {
      const message = '实施乡镇：须是该社会组织服务的乡镇';
      throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'townshipCode', message }] });
    }
    const { orgId: _o, projectId, ...f } = input;
    const p: OrgProject = { projectId: projectId ?? `p-${randomUUID().replace(/-/g, '').slice(0, 10)}`, ...f, updatedAt: ctx.now(), updatedBy: personOf(ctx) };
    if (!p.to) delete p.to;
    if (projectId && !d.projects.some((x) => x.projectId === projectId)) throw new AppError('NOT_FOUND', '没有找到这个项目，请刷新后重试');
    if (!projectId && d.projects.length >= 50) throw new AppError('CONFLICT', '项目已达50个，请修改已有项目');
    const projects = projectId ? d.projects.map((x) => (x.projectId === projectId ? p : x)) : [...d.projects, p];
    await db.collection(ORGS).doc(d._id).update({ projects });
    await audit(ctx, { op: 'write', target: { kind: 'socialOrg', id: d._id }, regionCode: d.regionCode });
    return (await orgViews(ctx, [{ ...d, projects }], await regionNames(db, d.countyCode)))[0];
  },
});

export const saveOrgAward = action(A.saveOrgAward, {
  access: { roles: READERS, dataScope: 'handler' },
  example: async (w) => ({ orgId: await orgExample(w), name: '优秀社会组织', year: 2025, issuer: '县民政局' }),
  /**
   * Adds an award (no `awardId`) or changes one: name, year, issuer. The organisation's own staff
   * may do this, as may whoever keeps its entry. Audited as a write.
   * @throws NOT_FOUND (organisation or award); FORBIDDEN
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const d = await readableOrg(ctx, input.orgId, (o) => canRecord(ctx, o));
    const { orgId: _o, awardId, ...f } = input;
    const a: OrgAward = { awardId: awardId ?? `a-${randomUUID().replace(/-/g, '').slice(0, 10)}`, ...f, updatedAt: ctx.now(), updatedBy: personOf(ctx) };
    if (awardId && !d.awards.some((x) => x.awardId === awardId)) throw new AppError('NOT_FOUND', '没有找到这个奖项，请刷新后重试');
    if (!awardId && d.awards.length >= 50) throw new AppError('CONFLICT', '奖项已达50个，请修改已有奖项');
    const awards = awardId ? d.awards.map((x) => (x.awardId === awardId ? a : x)) : [...d.awards, a];
    await db.collection(ORGS).doc(d._id).update({ awards });
    await audit(ctx, { op: 'write', target: { kind: 'socialOrg', id: d._id }, regionCode: d.regionCode });
    return (await orgViews(ctx, [{ ...d, awards }], await regionNames(db, d.countyCode)))[0];
  },
});
