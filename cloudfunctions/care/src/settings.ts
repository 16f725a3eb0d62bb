/**
 * The county's care settings (_shared/county-config.ts): visit intervals by risk level and
 * acknowledgement limits of immediate reports by kind. County staff read them; the county admin
 * changes them. Changes apply at once: plans are derived, not stored, and the next report uses
 * the new limit.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { audit } from '../../_shared/access';
import { getCountyConfig, updateCountyConfig } from '../../_shared/county-config';
import { careContract } from '../../_shared/contracts/care';
import { countyOfBinding } from './common';
import { dbOf } from '../../_shared/db';

const C = careContract.actions;

const SETTINGS_READERS = ['villageOfficer', 'townshipStaff', 'police', 'pairingMember', 'countyAdmin'] as const;

function callerCounty(ctx: Parameters<typeof audit>[0]): string {
  const b = ctx.grant?.binding;
  const county = b ? countyOfBinding(b) : undefined;
  if (!county) throw new AppError('FORBIDDEN');
  return county;
}

export const careSettings = action(C.careSettings, {
  access: { roles: SETTINGS_READERS },
  example: () => ({}),
  /** @returns `{ countyCode, visitIntervalDays: { focus, attention, regular } (days), reportAckMinutes: { <kind>: minutes } }` */
  handler: async (_input, ctx) => {
    const countyCode = callerCounty(ctx);
    const cfg = await getCountyConfig(dbOf(ctx), countyCode);
    return { countyCode, visitIntervalDays: cfg.visitIntervalDays, reportAckMinutes: cfg.reportAckMinutes };
  },
});

export const updateCareSettings = action(C.updateCareSettings, {
  access: { roles: ['countyAdmin'] },
  example: () => ({ visitIntervalDays: { focus: 30 } }),
  /**
   * Sets some settings of the caller's county (others, including guardianship's, stay).
   * Intervals 1–365 days; limits 5 minutes – 7 days.
   * @returns the settings after the change
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const countyCode = callerCounty(ctx);
    const changes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input.visitIntervalDays ?? {})) changes[`visitIntervalDays.${k}`] = v;
    for (const [k, v] of Object.entries(input.reportAckMinutes ?? {})) changes[`reportAckMinutes.${k}`] = v;
    if (!Object.keys(changes).length) throw new AppError('VALIDATION_FAILED', '没有要修改的设置');
    await updateCountyConfig(db, countyCode, changes, { by: ctx.actor?.personId, at: ctx.now() });
    await audit(ctx, { op: 'write', target: { kind: 'countyConfig', id: countyCode }, regionCode: countyCode, refs: { fields: Object.keys(changes).join(',') } });
    const cfg = await getCountyConfig(db, countyCode);
    return { countyCode, visitIntervalDays: cfg.visitIntervalDays, reportAckMinutes: cfg.reportAckMinutes };
  },
});
