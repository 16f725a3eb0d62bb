/**
 * `staffing`: the officer coverage table (policy §三(三) 加强队伍建设 — every township with many
 * left-behind children names 1–2 staff, every village committee one child-protection officer).
 * Bindings are read live (an officer bound a minute ago shows at once); children per township
 * and village come from the county's current board run, the same numbers the board shows, and
 * a township's need is `staffNeeded` — the rule the `staffing.*` indicators use.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { ISSUERS } from '../../_shared/access/roles';
import { dbOf } from '../../_shared/db';
import { getCountyConfig } from '../../_shared/county-config';
import { boundPeople, staffNeeded } from '../../_shared/indicators/staffing';
import { supervisionContract, type StaffingTownship, type StaffingView } from '../../_shared/contracts/supervision';
import { STAFFING_ROLES, personNames, regionFor, regionView, roleFor } from './common';
import { countyRegions, currentBoardRun } from './engine';
import { childFigures } from './board';

export const staffing = action(supervisionContract.actions.staffing, {
  access: { roles: STAFFING_ROLES, dataScope: 'handler' },
  example: (w) => ({ regionCode: w.role === 'countyAdmin' ? w.side.countyCode : w.side.townshipCode }),
  /**
   * The staffing of a county (every township) or of one township (its villages): township staff
   * bound and needed, each village's child-protection officers, the villages without one.
   * County admins see any township of their county, township staff their own; a village code is
   * read as its township. Staff names only — no child's data. Audited as statistics.
   * @throws FORBIDDEN outside the caller's area; NOT_READY before the county's first board run
   *   (children per place are the board's)
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const asked = input.regionCode && input.regionCode.length === 12 ? input.regionCode.slice(0, 9) : input.regionCode;
    const code = regionFor(ctx, STAFFING_ROLES, asked);
    const countyCode = code.slice(0, 6);
    const run = await currentBoardRun(db, countyCode);
    if (!run) throw new AppError('NOT_READY', '指标正在首次统计，请稍后再看');
    const [{ county, townships, villages }, config, officers, staff] = await Promise.all([
      countyRegions(db, countyCode),
      getCountyConfig(db, countyCode),
      boundPeople(db, 'villageOfficer', countyCode),
      boundPeople(db, 'townshipStaff', countyCode),
    ]);
    const shown = townships.filter((t) => t.code.startsWith(code));
    const children = new Map<string, number>();
    for (const f of await childFigures(db, run._id, countyCode)) children.set(f.code, f.values['children.registered'] ?? 0);
    for (const t of shown) for (const f of await childFigures(db, run._id, t.code)) children.set(f.code, f.values['children.registered'] ?? 0);
    const ids = [...shown.flatMap((t) => staff.get(t.code) ?? []), ...villages.filter((v) => v.code.startsWith(code)).flatMap((v) => officers.get(v.code) ?? [])];
    const names = await personNames(db, ids);
    const allNames = new Map([[county.code, county.name], ...townships.map((t): [string, string] => [t.code, t.name]), ...villages.map((v): [string, string] => [v.code, v.name])]);
    const members = (list: string[] | undefined) => (list ?? []).map((personId) => ({ personId, name: names.get(personId) || '（未填姓名）' }));
    const rows: StaffingTownship[] = shown.map((t) => {
      const vs = villages
        .filter((v) => v.code.startsWith(t.code))
        .map((v) => ({ region: regionView(v.code, allNames), children: children.get(v.code) ?? 0, officers: members(officers.get(v.code)) }));
      const n = children.get(t.code) ?? 0;
      return {
        region: regionView(t.code, allNames),
        children: n,
        needed: staffNeeded(n, config.supervision.manyChildren),
        staff: members(staff.get(t.code)),
        villages: vs,
        villagesWithoutOfficer: vs.filter((v) => v.officers.length === 0).length,
      };
    });
    const role = roleFor(ctx, STAFFING_ROLES, code);
    const view: StaffingView = {
      region: regionView(code, allNames),
      manyChildren: config.supervision.manyChildren,
      townships: rows,
      totals: {
        villages: rows.reduce((s, t) => s + t.villages.length, 0),
        villagesWithoutOfficer: rows.reduce((s, t) => s + t.villagesWithoutOfficer, 0),
        townships: rows.length,
        townshipsUnderstaffed: rows.filter((t) => t.staff.length < t.needed).length,
      },
      canInvite: (ISSUERS.villageOfficer as readonly string[]).includes(role),
    };
    await audit(ctx, { op: 'stats', regionCode: code, count: rows.length });
    return view;
  },
});
