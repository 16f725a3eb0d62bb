import { nfkcKeepingIdeographs } from '../../../_shared/contracts/fields';

/**
 * The administrative divisions a roster is matched against (GB/T 2260 codes: 6-digit county,
 * 9-digit township, 12-digit village). The caller passes them in (local/data/dongzhi-divisions.json
 * in the project, the registry's region collection in production); nothing here reads files.
 */

export interface RegionRef {
  code: string;
  name: string;
}

export interface RegionTown extends RegionRef {
  villages: RegionRef[];
}

/**
 * A county as the caller supplies it, nested or flat:
 * - `{ code, name, towns: [{ code, name, villages: [{ code, name }] }] }` (`children` accepted too);
 * - `{ county: { code, name }, towns: [{ code, name }], villages: [{ code, name, townCode }] }`
 *   (the shape of local/data/dongzhi-divisions.json).
 */
export interface RegionTreeInput {
  code?: string;
  name?: string;
  county?: RegionRef;
  towns?: RegionTreeNode[];
  children?: RegionTreeNode[];
  villages?: Array<RegionRef & { townCode: string }>;
}
interface RegionTreeNode {
  code: string;
  name: string;
  villages?: RegionRef[];
  children?: RegionRef[];
}

/** A county's towns and villages with lookups by name; build it once with createRegionIndex. */
export interface RegionIndex {
  county: RegionRef;
  towns: RegionTown[];
  /** Finds a town by its name or stem (`尧渡镇` / `尧渡`) or its 9-digit code. */
  findTown(text: string): RegionTown | undefined;
  /**
   * Finds villages of a town by name: an exact name wins; else villages whose stem (the name
   * without 村委会 / 居委会 / 社区 / 村 …) equals the text's stem. More than one is ambiguous.
   */
  findVillages(town: RegionTown, text: string): RegionRef[];
}

const VILLAGE_SUFFIX_RE = /(社区居民委员会|社区居委会|村民委员会|居民委员会|村委会|居委会|社区|村|居)$/;
const TOWN_SUFFIX_RE = /(街道办事处|街道|社管委|管委会|镇|乡)$/;

/** A name as compared: NFKC (compatibility ideographs kept), no whitespace. */
export function regionKey(name: string): string {
  return nfkcKeepingIdeographs(name).replace(/[\s\u200b-\u200f\ufeff]+/g, '');
}

/** A village name without its committee suffix (`金山村委会` → `金山`), at least 2 characters. */
export function villageStem(name: string): string {
  const k = regionKey(name);
  const stem = k.replace(VILLAGE_SUFFIX_RE, '');
  return stem.length >= 2 ? stem : k;
}

/** A town name without 镇 / 乡 / 街道 (`尧渡镇` → `尧渡`). */
export function townStem(name: string): string {
  const k = regionKey(name);
  const stem = k.replace(TOWN_SUFFIX_RE, '');
  return stem.length >= 2 ? stem : k;
}

/**
 * Builds the lookup index of a county tree.
 * @param tree `{ code, name, towns: [{ code, name, villages: [{ code, name }] }] }`
 */
export function createRegionIndex(tree: RegionTreeInput): RegionIndex {
  const county = tree.county ?? { code: tree.code ?? '', name: tree.name ?? '' };
  const flat = tree.villages ?? [];
  const towns: RegionTown[] = (tree.towns ?? tree.children ?? []).map((t) => ({
    code: t.code,
    name: t.name,
    villages: [
      ...(t.villages ?? t.children ?? []),
      ...flat.filter((v) => v.townCode === t.code),
    ].map((v) => ({ code: v.code, name: v.name })),
  }));
  const townByKey = new Map<string, RegionTown[]>();
  const add = (key: string, town: RegionTown) => {
    const list = townByKey.get(key) ?? [];
    if (!list.includes(town)) list.push(town);
    townByKey.set(key, list);
  };
  for (const t of towns) {
    add(regionKey(t.name), t);
    add(townStem(t.name), t);
    add(t.code, t);
  }
  const villageCache = new Map<RegionTown, { byName: Map<string, RegionRef>; byStem: Map<string, RegionRef[]> }>();
  const villageMaps = (town: RegionTown) => {
    let maps = villageCache.get(town);
    if (!maps) {
      maps = { byName: new Map(), byStem: new Map() };
      for (const v of town.villages) {
        maps.byName.set(regionKey(v.name), v);
        const stem = villageStem(v.name);
        maps.byStem.set(stem, [...(maps.byStem.get(stem) ?? []), v]);
      }
      villageCache.set(town, maps);
    }
    return maps;
  };
  return {
    county,
    towns,
    findTown(text) {
      const k = regionKey(text);
      const exact = townByKey.get(k);
      if (exact?.length === 1) return exact[0];
      const byStem = townByKey.get(townStem(k));
      return byStem?.length === 1 ? byStem[0] : undefined;
    },
    findVillages(town, text) {
      const maps = villageMaps(town);
      const k = regionKey(text);
      const exact = maps.byName.get(k);
      if (exact) return [exact];
      return maps.byStem.get(villageStem(k)) ?? [];
    },
  };
}
