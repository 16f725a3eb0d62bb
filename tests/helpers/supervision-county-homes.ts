/**
 * The generated county's schools and 留守儿童之家 (the homes indicators): per township two
 * boarding schools with a home rated by stars that, across the townships, cover one to five; every
 * other township a boarding school without a home (未建), every fourth a home not yet inspected,
 * every third a day school with a home (never counted) — with the truth of `homes.*` made by
 * construction. Fixed choices, no random draws, so the county's other draws are unchanged.
 */
import type { IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';

interface HomesInput {
  countyCode: string;
  townships: { code: string }[];
  asOf: string;
  add(collection: string, doc: Record<string, unknown>): void;
  expect(key: IndicatorKey, item: { id: string; region: string; note?: string }): void;
}

const WORDS = ['', '一星', '二星', '三星', '四星', '五星'];
const SCORE = [0, 50, 65, 75, 85, 95];

export function addHomes({ countyCode, townships, asOf, add, expect }: HomesInput): void {
  const now = new Date(`${asOf}T12:00:00+08:00`);
  townships.forEach((t, i) => {
    const school = (id: string, boarding: boolean) =>
      add('schools', { _id: id, name: `学校${id}`, countyCode, townshipCode: t.code, regionCode: t.code, boarding, createdAt: now });
    const home = (id: string, stars?: number) =>
      add('childrenHomes', {
        _id: id, schoolId: id, countyCode, townshipCode: t.code, regionCode: t.code, name: '留守儿童之家', openedOn: '2024-09-01', facilities: [], runnerIds: [], hours: '全天',
        ...(stars ? { rating: { inspectionId: `hi-${id}`, on: asOf, score: SCORE[stars], stars } } : {}), createdAt: now, updatedAt: now,
      });
    for (const stars of [(i % 5) + 1, ((i + 2) % 5) + 1]) {
      const id = `sch-${t.code}-${stars}`;
      school(id, true);
      home(id, stars);
      expect('homes.boardingSchools', { id, region: t.code, note: '已建' });
      expect('homes.built', { id, region: t.code, note: `${WORDS[stars]} · ${asOf}检查` });
      expect(`homes.stars${stars}` as IndicatorKey, { id, region: t.code, note: `${asOf}检查 · ${SCORE[stars]}分` });
    }
    if (i % 2 === 0) {
      school(`sch-${t.code}-none`, true);
      expect('homes.boardingSchools', { id: `sch-${t.code}-none`, region: t.code, note: '未建' });
    }
    if (i % 4 === 1) {
      const id = `sch-${t.code}-new`;
      school(id, true);
      home(id);
      expect('homes.boardingSchools', { id, region: t.code, note: '已建' });
      expect('homes.built', { id, region: t.code, note: '未检查' });
    }
    if (i % 3 === 0) {
      school(`sch-${t.code}-day`, false);
      home(`sch-${t.code}-day`, 5);
    }
  });
}
