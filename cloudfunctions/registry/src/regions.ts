/**
 * The county's places by name (乡镇, 村/社区), for pickers: a person says where by choosing a name,
 * never by typing a division code (issue 12). Division names are public reference data, so any
 * bound role may read them and nothing is audited.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { BOUND_ROLES, type Binding } from '../../_shared/access';
import { registryContract, type RegionTreeView } from '../../_shared/contracts/registry';
import { loadRegions, R, type Db } from './common';
import { dbOf } from '../../_shared/db';

const A = registryContract.actions;

/** The county a binding sits in (region scopes: their code; schools: their region; children: where they live). */
function countyOf(b: Binding): string | undefined {
  if (b.scope.kind === 'region') return b.scope.codes[0]?.slice(0, 6);
  if (b.scope.kind === 'school') return b.scope.regionCode.slice(0, 6);
  return b.scopeRegion?.slice(0, 6);
}

/** The deployment's first county in `regions` (a helpline team's scope names no place). */
async function anyCounty(db: Db): Promise<string | undefined> {
  const res = await db.collection(R.regions).where({ level: 'county' }).limit(1).get();
  return ((res.data ?? []) as { _id: string }[])[0]?._id;
}

export const regions = action(A.regions, {
  access: { roles: BOUND_ROLES },
  example: (w) => ({ countyCode: w.side.countyCode }),
  /**
   * Townships of a county and the villages of each, names in code order. Default county: the
   * caller's (from the active binding), else the one in the `regions` collection.
   * @returns `{ county, townships: [{ code, name, villages: [{ code, name }] }] }`
   * @throws NOT_FOUND when the county has no divisions loaded
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const binding = ctx.grant?.binding;
    const countyCode = input.countyCode ?? (binding && countyOf(binding)) ?? (await anyCounty(db));
    if (!countyCode) throw new AppError('NOT_FOUND', '尚未载入本县的行政区划，请联系县民政局');
    const { index, names } = await loadRegions(db, countyCode);
    if (!index.towns.length) throw new AppError('NOT_FOUND', '尚未载入本县的行政区划，请联系县民政局');
    const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
    const view: RegionTreeView = {
      county: { code: countyCode, name: names.get(countyCode) ?? '' },
      townships: [...index.towns].sort(byCode).map((t) => ({ code: t.code, name: t.name, villages: [...t.villages].sort(byCode).map((v) => ({ code: v.code, name: v.name })) })),
    };
    return view;
  },
});
