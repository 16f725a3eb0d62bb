/**
 * The generated county's social and Youth League organisations (community indicators): social
 * organisations serving some townships (one closed, never counted), and per township 0–2 团组织
 * paired with 0–3 of its children — some pairings ended, some with a child no longer active
 * (neither counted) — with the truth of `community.townshipsWithOrg`, `community.leagueOrgs` and
 * `community.leagueOrgsUnpaired` made by construction. Deterministic (no draws), so the county's
 * other draws are unchanged.
 */
import type { IndicatorKey } from '../../cloudfunctions/_shared/contracts/indicators';

interface OrgsInput {
  countyCode: string;
  townships: { code: string }[];
  asOf: string;
  /** The generated child files (active ones are counted). */
  children: Record<string, unknown>[];
  add(collection: string, doc: Record<string, unknown>): void;
  expect(key: IndicatorKey, item: { id: string; region: string; note?: string }): void;
}

export function addOrganisations({ countyCode, townships, asOf, children, add, expect }: OrgsInput): void {
  const now = new Date(`${asOf}T08:00:00+08:00`);
  const base = { countyCode, fullTimeStaff: 3, contacts: [], services: ['tutoring'], siteIds: [], projects: [], awards: [], createdAt: now, createdBy: 'seed', updatedAt: now, updatedBy: 'seed' };
  // Every third township is served by nobody active; the first two by the same organisation.
  const served = new Map<string, number>();
  const org = (id: string, regionCode: string, ts: string[], status: 'active' | 'closed') => {
    add('socialOrgs', { _id: id, ...base, regionCode, name: `社会组织${id}`, creditCode: `52${countyCode}${id.padEnd(10, '0').slice(0, 10)}`, townships: ts, status });
    if (status === 'active') for (const t of ts) served.set(t, (served.get(t) ?? 0) + 1);
  };
  org('so-a', countyCode, townships.slice(0, 2).map((t) => t.code), 'active');
  townships.forEach((t, i) => {
    if (i % 3 === 1) org(`so-${i}`, t.code, [t.code], 'active');
    if (i % 3 === 2) org(`so-closed-${i}`, t.code, [t.code], 'closed');
  });
  for (const t of townships) if (served.has(t.code)) expect('community.townshipsWithOrg', { id: t.code, region: t.code, note: `${served.get(t.code)}家社会组织` });

  const isActive = (c: Record<string, unknown>) => c.status === 'active' && !c.erased && !(typeof c.ageOutOn === 'string' && c.ageOutOn <= asOf);
  townships.forEach((t, i) => {
    const kids = children.filter((c) => c.townshipCode === t.code);
    for (let k = 0; k < [1, 2, 0, 2][i % 4]; k++) {
      const id = `lg-${t.code}-${k}`;
      add('leagueOrgs', { _id: id, countyCode, townshipCode: t.code, regionCode: t.code, level: 'township', name: `团组织${id}`, contactName: '联系人', contactPhone: { f: 'person.phone', c: 'x', m: '139****0000' }, paired: 0, createdAt: now, createdBy: 'seed', updatedAt: now, updatedBy: 'seed' });
      let count = 0;
      kids.slice(k * 4, k * 4 + [3, 0, 2][(i + k) % 3]).forEach((c, n) => {
        const ended = n === 1 && k === 0;
        add('leaguePairings', { _id: `${id}:${c._id}`, orgId: id, childId: c._id, countyCode, townshipCode: t.code, villageCode: c.villageCode, since: '2026-01-01', memberName: '结对人', active: !ended, ...(ended ? { endedOn: '2026-06-01' } : {}), createdAt: now, createdBy: 'seed' });
        if (!ended && isActive(c)) count++;
      });
      const note = count ? `结对${count}名儿童` : '尚未结对';
      expect('community.leagueOrgs', { id, region: t.code, note });
      if (!count) expect('community.leagueOrgsUnpaired', { id, region: t.code, note });
    }
  });
}
