/**
 * The directory of service sites (policy §二(四) 温馨家园; §二(五) 未成年人保护中心、社会组织):
 * `directory` for everyone (no binding: families look for a place to go and a number to call),
 * `sites` and `saveSite` for the township staff and the county who keep it.
 */
import { randomUUID } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit, regionContains, seal } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import type { Db } from '../../_shared/context';
import { communityContract, type DirectoryView, type ManagedSitesView, type SiteDoc, type SiteService } from '../../_shared/contracts/community';
import type { HomeDoc } from '../../_shared/contracts/schools-homes';
import { distanceMeters, type GeoPoint } from '../../_shared/contracts/fields';
import { CM, MANAGERS, areaFor, byNearness, manages, personOf, regionName, regionNames, siteView } from './common';

const A = communityContract.actions;

/** The deployment's county: the first in `regions` (one county per deployment). */
async function deploymentCounty(db: Db): Promise<string | undefined> {
  const res = await db.collection(CM.regions).where({ level: 'county' }).limit(1).get();
  return ((res.data ?? []) as { _id: string }[])[0]?._id;
}

/**
 * The county's 留守儿童之家 (kept by the schools on their home page, collection `childrenHomes`)
 * as directory entries of kind `childrenHome`, read-only here: id `home:<schoolId>`, the school's
 * division, where in the school, opening hours, the published number, services from the
 * facilities. Township staff do not edit them on 服务站点 (the school's staff do, on its home page).
 */
async function countyHomes(db: Db, countyCode: string): Promise<SiteDoc[]> {
  const homes = await fetchAll<HomeDoc>(db.collection('childrenHomes').where({ countyCode }), 5000);
  return homes.map((h) => {
    const services: SiteService[] = ['tutoring', 'activities', ...(h.facilities.includes('counsellingRoom') ? (['counselling'] as const) : [])];
    return {
      _id: `home:${h.schoolId}`,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      kind: 'childrenHome',
      name: h.name,
      address: [h.schoolName, h.address].filter(Boolean).join(' '),
      hours: h.hours,
      // No number published: the directory shows none (siteView answers '').
      phone: h.phone as SiteDoc['phone'],
      services,
      status: 'open',
      createdAt: h.createdAt,
      createdBy: '',
      updatedAt: h.updatedAt,
      updatedBy: h.updatedBy ?? '',
    };
  });
}

/** Open (or all) sites of a county. */
async function countySites(db: Db, countyCode: string, openOnly: boolean): Promise<SiteDoc[]> {
  const where = openOnly ? { countyCode, status: 'open' } : { countyCode };
  return fetchAll<SiteDoc>(db.collection(CM.sites).where(where), 5000);
}

/** True when a site serving `served` is one a family in `asked` may go to (its village, township, or county-wide). */
export function serves(served: string, asked: string): boolean {
  return regionContains(served, asked) || regionContains(asked, served);
}

/**
 * Sites in the order a family would go: with a position, the placed sites by distance (metres,
 * straight line), then the unplaced ones; those, and all of them without a position, by division
 * (the village's own, the township's, county-wide).
 */
export function nearestFirst(docs: SiteDoc[], asked: string | undefined, near: GeoPoint | undefined): { doc: SiteDoc; meters?: number }[] {
  const byDivision = byNearness(asked);
  const rows = docs.map((doc) => ({ doc, meters: near && doc.location ? distanceMeters(near, doc.location) : undefined }));
  return rows.sort((a, b) => {
    if (a.meters !== undefined && b.meters !== undefined) return a.meters - b.meters || byDivision(a.doc, b.doc);
    if (a.meters !== undefined) return -1;
    if (b.meters !== undefined) return 1;
    return byDivision(a.doc, b.doc);
  });
}

export const directory = action(A.directory, {
  access: { public: true },
  example: (w) => ({ regionCode: w.side.villageCode }),
  /**
   * The open sites a family in a township or village may go to — the village's own 温馨家园,
   * the township's sites and its villages' (for a township), and the county-wide ones (the
   * protection centre) — nearest first, with the townships and villages to choose from. With
   * `near` (the family's position), placed sites come by distance, each with `distanceMeters`;
   * the position is used for the sort only: not stored, not logged, not audited.
   * No binding needed and nothing personal returned; a site's phone is the number it publishes.
   * @returns DirectoryView (sites empty when none serve the division; townships empty before the
   *   county's divisions are loaded)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const countyCode = input.regionCode?.slice(0, 6) ?? (await deploymentCounty(db));
    if (!countyCode) return { townships: [], sites: [] } satisfies DirectoryView;
    const [names, rows, docs] = await Promise.all([
      regionNames(db, countyCode),
      fetchAll<{ _id: string; name: string; level: string; parentCode?: string }>(db.collection(CM.regions).where({ ancestors: countyCode }).field({ _id: true, name: true, level: true, parentCode: true }), 10_000),
      Promise.all([countySites(db, countyCode, true), countyHomes(db, countyCode)]).then(([a, b]) => [...a, ...b]),
    ]);
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    const townships = rows
      .filter((r) => r.level === 'township')
      .map((t) => ({ code: t._id, name: t.name, villages: rows.filter((v) => v.level === 'village' && v._id.startsWith(t._id)).map((v) => ({ code: v._id, name: v.name })).sort(byCode) }))
      .sort(byCode);
    const asked = input.regionCode;
    const sites = nearestFirst(asked ? docs.filter((d) => serves(d.regionCode, asked)) : docs, asked, input.near).map(({ doc, meters }) => {
      const v = siteView(doc, names);
      return meters === undefined ? v : { ...v, distanceMeters: Math.round(meters) };
    });
    const view: DirectoryView = { county: regionName(countyCode, names), townships, sites };
    if (asked) view.region = regionName(asked, names);
    return view;
  },
});

export const sites = action(A.sites, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * Every site (open and closed) of the caller's township — its villages' included — or, for
   * the county, of the whole county (or one township asked for), with the places a new site may
   * serve. Nothing personal; not audited beyond the router's call.
   * @throws FORBIDDEN outside the caller's area
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const area = areaFor(ctx, input.regionCode);
    const countyCode = area.slice(0, 6);
    const [names, docs] = await Promise.all([regionNames(db, countyCode), countySites(db, countyCode, false)]);
    const mine = docs.filter((d) => regionContains(area, d.regionCode)).sort(byNearness(undefined));
    const places = [...names.keys()].filter((c) => regionContains(area, c) && manages(ctx, c)).sort();
    const view: ManagedSitesView = { region: regionName(area, names), sites: mine.map((d) => siteView(d, names)), places: places.map((c) => regionName(c, names)) };
    return view;
  },
});

export const saveSite = action(A.saveSite, {
  access: { roles: MANAGERS, dataScope: 'handler' },
  example: async (w) => {
    const regionCode = w.role === 'countyAdmin' ? w.side.townshipCode : w.side.villageCode;
    return { kind: 'home', name: `${w.unique().slice(0, 6)}温馨家园`, regionCode, address: '村委会一楼', hours: '周六、周日 9:00-17:00', phone: '0566-5012345', capacity: 30, services: ['dayCare', 'tutoring'] };
  },
  /**
   * Creates a site (no `siteId`) or replaces an existing one's fields. The division served must
   * lie in the caller's area (township staff: their township and its villages; the county: any
   * of its divisions, the county itself for county-wide places); an existing site must too, so
   * a site cannot be moved out of someone else's area. The phone is sealed (`site.phone`).
   * Audited as a write of the site.
   * @throws FORBIDDEN outside the caller's area; NOT_FOUND for an unknown `siteId`
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const by = personOf(ctx);
    if (!manages(ctx, input.regionCode)) throw new AppError('FORBIDDEN', '该地区不在您的管辖范围内');
    const now = ctx.now();
    const { siteId, ...f } = input;
    const body = { ...f, countyCode: input.regionCode.slice(0, 6), phone: seal('site.phone', input.phone), updatedAt: now, updatedBy: by };
    let doc: SiteDoc;
    if (siteId) {
      const old = await getDoc<SiteDoc>(db, CM.sites, siteId);
      if (!old) throw new AppError('NOT_FOUND', '没有找到这个站点，请刷新后重试');
      if (!manages(ctx, old.regionCode)) throw new AppError('FORBIDDEN', '该站点不在您的管辖范围内');
      const { capacity: _c, location: _l, ...rest } = body;
      // Clearing 容纳人数 or the position removes it (an update cannot set undefined).
      const optional = {
        capacity: input.capacity ?? (old.capacity !== undefined ? db.command.remove() : undefined),
        location: input.location ?? (old.location !== undefined ? db.command.remove() : undefined),
      };
      await db.collection(CM.sites).doc(siteId).update({ ...rest, ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) });
      doc = (await getDoc<SiteDoc>(db, CM.sites, siteId))!;
    } else {
      const _id = `site-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      doc = { _id, ...body, createdAt: now, createdBy: by } as SiteDoc;
      if (doc.capacity === undefined) delete doc.capacity;
      if (doc.location === undefined) delete doc.location;
      await db.collection(CM.sites).add(doc);
    }
    await audit(ctx, { op: 'write', target: { kind: 'site', id: doc._id }, regionCode: doc.regionCode });
    return siteView(doc, await regionNames(db, doc.countyCode));
  },
});
