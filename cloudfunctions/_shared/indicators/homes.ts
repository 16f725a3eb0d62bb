/**
 * 留守儿童之家 indicators (policy §二(三); docs/schools.md "留守儿童之家"): the county's boarding
 * schools by township, those with a home, and their homes by the stars of the latest inspection.
 * Reads `schools` and `childrenHomes` through the schools contract's types; no domain code.
 */
import { fetchAll } from '../db';
import type { SchoolDoc } from '../contracts/schools';
import { STAR_LABELS, type HomeDoc } from '../contracts/schools-homes';
import { defineSource, type Item } from './define';

export const homesSource = defineSource({
  domain: 'schools',
  keys: ['homes.boardingSchools', 'homes.built', 'homes.stars5', 'homes.stars4', 'homes.stars3', 'homes.stars2', 'homes.stars1'],
  /**
   * Every boarding school of the county (one item per school, in its township; note 已建 / 未建),
   * those with a home (note the stars and day of the latest inspection, or 未检查), and for each
   * number of stars the boarding schools whose home's latest inspection gave it (note the day and
   * score). The state at the time of counting (homes and ratings carry no history).
   */
  async compute({ db, countyCode }) {
    const [schools, homes] = await Promise.all([
      fetchAll<Pick<SchoolDoc, '_id' | 'townshipCode' | 'boarding'>>(db.collection('schools').where({ countyCode }).field({ _id: true, townshipCode: true, boarding: true }), 100_000),
      fetchAll<Pick<HomeDoc, '_id' | 'rating'>>(db.collection('childrenHomes').where({ countyCode }).field({ _id: true, rating: true }), 100_000),
    ]);
    const homeOf = new Map(homes.map((h) => [h._id, h]));
    const boarding = schools.filter((s) => s.boarding);
    const built = boarding.filter((s) => homeOf.has(s._id));
    const rated = (n: number): Item[] =>
      built.flatMap((s) => {
        const r = homeOf.get(s._id)!.rating;
        return r && r.stars === n ? [{ id: s._id, region: s.townshipCode, note: `${r.on}检查 · ${r.score}分` }] : [];
      });
    return {
      'homes.boardingSchools': boarding.map((s) => ({ id: s._id, region: s.townshipCode, note: homeOf.has(s._id) ? '已建' : '未建' })),
      'homes.built': built.map((s) => {
        const r = homeOf.get(s._id)!.rating;
        return { id: s._id, region: s.townshipCode, note: r ? `${STAR_LABELS[r.stars]} · ${r.on}检查` : '未检查' };
      }),
      'homes.stars5': rated(5),
      'homes.stars4': rated(4),
      'homes.stars3': rated(3),
      'homes.stars2': rated(2),
      'homes.stars1': rated(1),
    };
  },
});
