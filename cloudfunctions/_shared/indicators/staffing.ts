/**
 * Staffing indicators (policy §三(三) 加强队伍建设): villages without a bound child-protection
 * officer, townships with fewer township staff than they need. Reads `roleBindings` (accounts)
 * and the divisions the engine loaded.
 */
import { fetchAll } from '../db';
import type { Binding } from '../access/scope';
import type { Db } from '../context';
import { defineSource, type Item } from './define';

/** People bound to each region code as `role` (active bindings). */
export async function boundPeople(db: Db, role: 'villageOfficer' | 'townshipStaff', countyCode: string): Promise<Map<string, string[]>> {
  const rows = await fetchAll<Pick<Binding, '_id' | 'personId' | 'scope'>>(
    db.collection('roleBindings').where({ role, status: 'active' }).field({ _id: true, personId: true, scope: true }),
    100_000,
  );
  const out = new Map<string, string[]>();
  for (const b of rows) {
    if (b.scope.kind !== 'region') continue;
    for (const code of b.scope.codes) {
      if (!code.startsWith(countyCode)) continue;
      const list = out.get(code) ?? [];
      if (!list.includes(b.personId)) list.push(b.personId);
      out.set(code, list);
    }
  }
  return out;
}

/** Township staff a township should have: 2 when it has at least `manyChildren` registered children, else 1. */
export function staffNeeded(children: number, manyChildren: number): number {
  return children >= manyChildren ? 2 : 1;
}

export const staffingSource = defineSource({
  domain: 'accounts',
  keys: ['staffing.villages', 'staffing.villagesWithoutOfficer', 'staffing.townships', 'staffing.townshipsUnderstaffed'],
  /**
   * Every village of the county's divisions, and those with no active `villageOfficer` binding
   * on their code; every township, and those whose active `townshipStaff` bindings are fewer than
   * `staffNeeded` (registered children counted on the as-of day against the county's
   * `supervision.manyChildren`). Note: `需2人，现1人`.
   */
  async compute({ db, countyCode, config, villages, townships, children }) {
    const out = {
      'staffing.villages': [] as Item[],
      'staffing.villagesWithoutOfficer': [] as Item[],
      'staffing.townships': [] as Item[],
      'staffing.townshipsUnderstaffed': [] as Item[],
    };
    const officers = await boundPeople(db, 'villageOfficer', countyCode);
    for (const v of villages) {
      out['staffing.villages'].push({ id: v.code, region: v.code });
      if (!officers.get(v.code)?.length) out['staffing.villagesWithoutOfficer'].push({ id: v.code, region: v.code, note: '无专干' });
    }
    const staff = await boundPeople(db, 'townshipStaff', countyCode);
    const perTownship = new Map<string, number>();
    for (const c of children) perTownship.set(c.villageCode.slice(0, 9), (perTownship.get(c.villageCode.slice(0, 9)) ?? 0) + 1);
    for (const t of townships) {
      const has = staff.get(t.code)?.length ?? 0;
      const need = staffNeeded(perTownship.get(t.code) ?? 0, config.supervision.manyChildren);
      const item = { id: t.code, region: t.code, note: `需${need}人，现${has}人` };
      out['staffing.townships'].push(item);
      if (has < need) out['staffing.townshipsUnderstaffed'].push(item);
    }
    return out;
  },
});
