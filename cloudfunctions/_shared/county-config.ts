/**
 * County configuration: the numbers each county sets for its own work, one document per county in
 * `countyConfig` (`_id` = the 6-digit county code). Anything a county has not set falls back to
 * the defaults below, so a county with no document works out of the box.
 *
 * Shared by capabilities: care work (visit intervals, report acknowledgement limits) and
 * guardianship (confirmation expiry, reminder lead, order deadline, check-in interval). Each
 * capability reads its part with `getCountyConfig` and writes only its own keys with
 * `updateCountyConfig` (dotted paths, so one capability never overwrites another's settings).
 */
import type { Db } from './context';
import { insertOnce } from './db';

/** Collection of county configuration documents (listed in collections.ts). */
export const COUNTY_CONFIG = 'countyConfig';

/** Kinds of immediate report (强制报告, policy §二(一)): the ones with their own acknowledgement limit. */
export type ReportKindKey = 'livingAlone' | 'missing' | 'guardianIncapable' | 'abuseNeglect' | 'other';

/** One county's settings. */
export interface CountyConfig {
  /**
   * Days from the last visit to the next one, by risk level (policy §二(一) "定期走访").
   * Calendar days, Asia/Shanghai.
   */
  visitIntervalDays: { focus: number; attention: number; regular: number };
  /** Minutes within which township staff or police must acknowledge an immediate report, by kind. */
  reportAckMinutes: Record<ReportKindKey, number>;
  /** Guardianship: a responsibility confirmation expires this many days after signing. */
  confirmationExpiryDays: number;
  /** Guardianship: remind this many days before a confirmation expires. */
  confirmationReminderLeadDays: number;
  /** Guardianship: days a parent has to return or appoint an entrusted guardian after an order. */
  orderDeadlineDays: number;
  /** Guardianship: days without a parent's check-in before a reminder. */
  checkInIntervalDays: number;
  /** Supervision (docs/supervision.md): the county's own thresholds for the indicators and follow-ups. */
  supervision: {
    /**
     * A township with at least this many registered children has "many" (policy §三(三)
     * "农村留守儿童数量多的乡镇须明确1至2名工作人员") and should have 2 township staff; others 1.
     */
    manyChildren: number;
    /** Hours within which a helpline request should get its first reply or call back. */
    helplineResponseHours: number;
    /** Calendar days a township has to answer a follow-up task (跟踪问效) opened by a spot check. */
    followUpDays: number;
  };
  /** Schools (docs/schools.md, policy §二(三) 劝返复学): dropout control. */
  schools: {
    /** Failed 劝返 attempts after which a dropout case goes to the township and county (督促和劝返无效). */
    escalateAfter: number;
    /** Calendar days a case may stay open before it goes to the township and county anyway. */
    escalateAfterDays: number;
  };
  /** Life teachers (docs/schools.md "Life teachers", §二(三)): a child with no school care for this many calendar days is due. */
  lifeCare: { noCareDays: number };
  /**
   * 留守儿童之家 (docs/schools.md "留守儿童之家", §二(三) 评星定级), county settings, not policy:
   * the least inspection score (out of 100) for two to five stars (below `star2`: one star), and
   * the inspection checklist (items and their maxima; empty: the default in contracts/schools-homes.ts).
   */
  homes: { star2: number; star3: number; star4: number; star5: number; checklist: { key: string; label: string; max: number }[] };
}

/** Defaults (issue 6 "Visits" / "Immediate reports"; guardianship's issue for its part). */
export const COUNTY_CONFIG_DEFAULTS: CountyConfig = {
  visitIntervalDays: { focus: 30, attention: 60, regular: 90 },
  reportAckMinutes: { missing: 60, livingAlone: 24 * 60, guardianIncapable: 24 * 60, abuseNeglect: 24 * 60, other: 24 * 60 },
  confirmationExpiryDays: 365,
  confirmationReminderLeadDays: 30,
  orderDeadlineDays: 7,
  checkInIntervalDays: 14,
  supervision: { manyChildren: 200, helplineResponseHours: 24, followUpDays: 7 },
  schools: { escalateAfter: 3, escalateAfterDays: 30 },
  lifeCare: { noCareDays: 14 },
  homes: { star2: 60, star3: 70, star4: 80, star5: 90, checklist: [] },
};

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date);
}

/** Deep-merges stored values over defaults (only keys the defaults know; numbers only where defaults hold numbers). */
export function mergeConfig<T>(defaults: T, stored: unknown): T {
  if (!isPlainObject(stored) || !isPlainObject(defaults)) return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, def] of Object.entries(defaults)) {
    const v = stored[k];
    if (v === undefined || v === null) continue;
    if (isPlainObject(def)) out[k] = mergeConfig(def, v);
    else if (typeof def === 'number' ? typeof v === 'number' && Number.isFinite(v) && v > 0 : typeof v === typeof def) out[k] = v;
  }
  return out as T;
}

/**
 * A county's configuration: its stored document merged over the defaults.
 * @param countyCode 6 digits (a longer region code is cut to its county)
 */
export async function getCountyConfig(db: Db, countyCode: string): Promise<CountyConfig> {
  const id = countyCode.slice(0, 6);
  const res = await db.collection(COUNTY_CONFIG).doc(id).get();
  const data = (res as { data?: unknown }).data;
  const stored = Array.isArray(data) ? data[0] : data;
  return mergeConfig(COUNTY_CONFIG_DEFAULTS, stored);
}

/**
 * Sets some of a county's settings, leaving the others (including other capabilities') alone.
 * @param changes dotted paths → values, e.g. `{ 'visitIntervalDays.focus': 21 }`
 */
export async function updateCountyConfig(db: Db, countyCode: string, changes: Record<string, unknown>, meta: { by?: string; at: Date }): Promise<void> {
  const id = countyCode.slice(0, 6);
  const coll = db.collection(COUNTY_CONFIG);
  const res = await coll.doc(id).get();
  const data = (res as { data?: unknown }).data;
  const exists = Array.isArray(data) ? data.length > 0 : !!data;
  // Created concurrently is fine (updated below); a write that stored nothing is thrown.
  if (!exists) await insertOnce(db, COUNTY_CONFIG, { _id: id, countyCode: id, createdAt: meta.at });
  await coll.doc(id).update({ ...changes, updatedAt: meta.at, updatedBy: meta.by ?? null });
}
