/**
 * The guardianship part of the county configuration (_shared/county-config.ts): confirmation
 * validity, reminder lead, order deadline, check-in interval — all in calendar days. The county
 * admin edits them; each edit is audited with its reason.
 */
import { z } from 'zod';
import { action } from '../../_shared/router';
import { audit, dbOf, resolveActor } from '../../_shared/access';
import { COUNTY_CONFIG_DEFAULTS, getCountyConfig, updateCountyConfig as writeCountyConfig } from '../../_shared/county-config';
import { guardianshipConfigInput } from '../../_shared/contracts/guardianship';
import { callerCounty } from './templates';

const KEYS = ['confirmationExpiryDays', 'confirmationReminderLeadDays', 'orderDeadlineDays', 'checkInIntervalDays'] as const;

export const getCountyConfig_ = action({
  summary: '查看本县监护相关设置（确认书有效期、到期提醒提前天数、责令期限、亲情连线提醒间隔）',
  input: z.object({}).strict(),
  access: { roles: ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin'] },
  example: () => ({}),
  handler: async (_input, ctx) => {
    const county = callerCounty(await resolveActor(ctx), ['villageOfficer', 'townshipStaff', 'police', 'countyAdmin']);
    const cfg = await getCountyConfig(dbOf(ctx), county);
    return { countyCode: county, ...Object.fromEntries(KEYS.map((k) => [k, cfg[k]])), defaults: Object.fromEntries(KEYS.map((k) => [k, COUNTY_CONFIG_DEFAULTS[k]])) };
  },
});

export const updateCountyConfig = action({
  summary: '县民政局修改本县监护相关设置（须说明理由；留痕）',
  input: guardianshipConfigInput,
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
    const cfg = await getCountyConfig(db, county);
    return { countyCode: county, ...Object.fromEntries(KEYS.map((k) => [k, cfg[k]])) };
  },
});
