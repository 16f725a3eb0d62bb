import type { CloudApp } from '../../cloudfunctions/_shared/cloud';
import divisions from '../data/dongzhi-divisions.json';

/** Division levels, top down. */
export type RegionLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** A document of the `regions` collection (`_id` = the official division code). */
export interface RegionDoc {
  _id: string;
  code: string;
  name: string;
  level: RegionLevel;
  /** Code of the enclosing division; '' for the province. */
  parentCode: string;
  /** Codes of every enclosing division, top down (for "within this region" queries). */
  ancestors: string[];
}

/** The demo county's code (东至县). */
export const DEMO_COUNTY_CODE = divisions.county.code;

/**
 * The demo county's divisions as `regions` documents: 安徽省 › 池州市 › 东至县 › 17 towns › 253
 * villages, from `local/data/dongzhi-divisions.json` (see scripts/extract-divisions.ts).
 */
export function regionDocs(): RegionDoc[] {
  const { province, city, county, towns, villages } = divisions;
  const docs: RegionDoc[] = [
    { _id: province.code, code: province.code, name: province.name, level: 'province', parentCode: '', ancestors: [] },
    { _id: city.code, code: city.code, name: city.name, level: 'city', parentCode: province.code, ancestors: [province.code] },
    { _id: county.code, code: county.code, name: county.name, level: 'county', parentCode: city.code, ancestors: [province.code, city.code] },
  ];
  const up = [province.code, city.code, county.code];
  for (const t of towns) docs.push({ _id: t.code, code: t.code, name: t.name, level: 'township', parentCode: county.code, ancestors: up });
  for (const v of villages) {
    docs.push({ _id: v.code, code: v.code, name: v.name, level: 'village', parentCode: v.townCode, ancestors: [...up, v.townCode] });
  }
  return docs;
}

/**
 * Seed step: loads the county's divisions into `regions` (batches of 100 through the SDK).
 * @returns a one-line summary
 */
export async function seedRegions(app: CloudApp): Promise<string> {
  const docs = regionDocs();
  const coll = app.database().collection('regions');
  for (let i = 0; i < docs.length; i += 100) await coll.add(docs.slice(i, i + 100));
  const count = (level: RegionLevel) => docs.filter((d) => d.level === level).length;
  return `regions: ${divisions.county.name} (${DEMO_COUNTY_CODE}) with ${count('township')} towns and ${count('village')} villages`;
}
