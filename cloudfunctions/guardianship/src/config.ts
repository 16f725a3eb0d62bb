/**
 * The guardianship part of the county configuration (_shared/county-config.ts): confirmation
 * validity, reminder lead, order deadline, check-in interval — all in calendar days. The county
 * admin edits them; each edit is audited with its reason.
 */
import { action } from '../../_shared/router';
import { audit, resolveActor } from '../../_shared/access';
import { COUNTY_CONFIG_DEFAULTS, getCountyConfig as readCountyConfig, updateCountyConfig as writeCountyConfig } from '../../_shared/county-config';
import { guardianshipContract, type GuardianshipConfig } from '../../_shared/contracts/guardianship';
import { callerCounty } from './templates';
import { dbOf } from '../../_shared/db';

const A = guardianshipContract.actions;

const KEYS = ['confirmationExpiryDays', 'confirmationReminderLeadDays', 'orderDeadlineDays', 'checkInIntervalDays'] as const;

/** This capability's part of a county configuration. */
function guardianshipPart(cfg: GuardianshipConfig): GuardianshipConfig {
  return { confirmationExpiryDays: cfg.confirmationExpiryDays, confirmationReminderLeadDays: cfg.confirmationReminderLeadDays, orderDeadlineDays: cfg.orderDeadlineDays, checkInIntervalDays: cfg.checkInIntervalDays };
}

export const getCountyConfig = action(A.getCountyConfig, {
  access: { roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  example: () => ({}),
  handler: async (_input, ctx) => {
    const county = callerCounty(await resolveActor(ctx), ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin']);
    const cfg = await readCountyConfig(dbOf(ctx), county);
    return { countyCode: county, ...guardianshipPart(cfg), defaults: guardianshipPart(COUNTY_CONFIG_DEFAULTS) };
  },
});

export const updateCountyConfig = action(A.updateCountyConfig, {
  access: { roles: ['countyAdmin'] },
  example: () => ({ checkInIntervalDays: 14, reason: '按县里要求调整' }),
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const actor = await resolveActor(ctx);
    const county = callerCounty(actor, ['countyAdmin']);
    const changes: Record<string, number> = {};
    for (const k of KEYS) if (input[k] !== undefined) changes[k] = input[k]!;
    if (Object.keys(changes).length) await writeCountyConfig(db, county, changes, { by: actor.personId, at: ctx.now() });
    await audit(ctx, { op: 'write', target: { kind: 'countyConfig', id: county }, regionCode: county, reason: input.reason, fields: Object.keys(changes) });
    const cfg = await readCountyConfig(db, county);
    return { countyCode: county, ...guardianshipPart(cfg) };
  },
});
