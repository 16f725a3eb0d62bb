/**
 * Service hours by QR check-in (issue 18): the organiser's phone shows a code that changes every
 * minute — `SWV1.<siteId>.<window>.<mac>`, the mac a keyed HMAC (the deployment's lookup key, never
 * sent to a client) of the site and the minute window — and a volunteer scans it to check in and,
 * at the end, to check out. A code is accepted in its own window and the next one (so a scan at
 * the turn of the minute still works); older codes are refused as expired, anything whose mac does
 * not match as invalid. No check-in without a current code: being at the site is what is recorded.
 */
import { timingSafeEqual } from 'node:crypto';
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { lookupHash } from '../../_shared/crypto';
import { audit } from '../../_shared/access';
import { dbOf, fetchAll, getDoc } from '../../_shared/db';
import type { ActionContext } from '../../_shared/context';
import { CHECKIN_ERRORS, COMMUNITY_LIMITS, communityContract, type CheckInErrorCode, type ShiftDoc, type ShiftView, type SiteDoc } from '../../_shared/contracts/community';
import { CM, MANAGERS } from './common';

const A = communityContract.actions;
const WINDOW_MS = COMMUNITY_LIMITS.codeWindowSeconds * 1000;

/**
 * What a code admits to: a site's service hours (`SWV1`), a training's attendance (`SWT1`) or an
 * activity's (`SWA1`); separate keys per kind, so one kind's code never records another.
 */
export type CodeKind = 'site' | 'training' | 'activity';
const PREFIX: Record<CodeKind, string> = { site: 'SWV1', training: 'SWT1', activity: 'SWA1' };
const MAC_DOMAIN: Record<CodeKind, string> = { site: 'volunteerCheckIn', training: 'trainingCheckIn', activity: 'activityCheckIn' };

function refuse(code: CheckInErrorCode): never {
  throw new AppError(code, CHECKIN_ERRORS[code]);
}

/** The minute window an instant falls in. */
export function windowOf(at: Date): number {
  return Math.floor(at.getTime() / WINDOW_MS);
}

function macOf(kind: CodeKind, id: string, window: number): string {
  return lookupHash(MAC_DOMAIN[kind], `${id}\n${window}`).slice(0, 24);
}

/** The code of a site (or training) for a window. */
export function codeFor(id: string, window: number, kind: CodeKind = 'site'): string {
  return `${PREFIX[kind]}.${id}.${window}.${macOf(kind, id, window)}`;
}

/** When the window of `now` ends. */
export function windowEnd(now: Date): Date {
  return new Date((windowOf(now) + 1) * WINDOW_MS);
}

/**
 * The site (or training) a scanned code names, if the code is genuine, of that kind and current.
 * @throws CODE_INVALID (not ours, another kind, forged, altered, or from the future), CODE_EXPIRED (genuine but older than the previous window)
 */
export function verifyCode(code: string, now: Date, kind: CodeKind = 'site'): string {
  const m = /^(SWV1|SWT1|SWA1)\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([0-9a-f]{24})$/.exec(code.trim());
  if (!m || m[1] !== PREFIX[kind]) refuse('CODE_INVALID');
  const [, , id, w, mac] = m;
  const window = Number(w);
  const expected = Buffer.from(macOf(kind, id, window));
  if (!timingSafeEqual(expected, Buffer.from(mac))) refuse('CODE_INVALID');
  const current = windowOf(now);
  if (window > current) refuse('CODE_INVALID');
  if (window < current - 1) refuse('CODE_EXPIRED');
  return id;
}

/** The site a code names, which must be open. */
async function siteOfCode(ctx: ActionContext, code: string): Promise<SiteDoc> {
  const siteId = verifyCode(code, ctx.now());
  const site = await getDoc<SiteDoc>(dbOf(ctx), CM.sites, siteId);
  if (!site) refuse('CODE_INVALID');
  if (site.status !== 'open') refuse('SITE_CLOSED');
  return site;
}

function shiftView(s: ShiftDoc): ShiftView {
  return { shiftId: s._id, siteId: s.siteId, siteName: s.siteName, checkInAt: s.checkInAt, checkOutAt: s.checkOutAt, minutes: s.minutes };
}

/** True when an open shift has run past the longest a shift may count. */
function lapsed(s: ShiftDoc, now: Date): boolean {
  return now.getTime() - new Date(s.checkInAt).getTime() > COMMUNITY_LIMITS.shiftMaxHours * 3_600_000;
}

export const siteCode = action(A.siteCode, {
  access: {
    roles: MANAGERS,
    target: { kind: 'site', collection: CM.sites, id: (i: { siteId: string }) => i.siteId, scopeOf: (d: SiteDoc) => ({ regionCode: d.regionCode }) },
    audit: false,
  },
  example: async (w) => ({
    siteId: await w.insert('communitySites', { countyCode: w.side.countyCode, regionCode: w.side.villageCode, kind: 'home', name: '示例温馨家园', address: '村委会', hours: '周末', phone: { f: 'site.phone', c: 'enc:v1:x:x:x:x', m: '0566****2345' }, services: ['dayCare'], status: 'open' }),
  }),
  /**
   * The site's check-in code for this minute, for the organiser's page to show as a QR code and
   * to ask for again at `refreshAt`. Township staff for their township's sites, the county for all.
   * Not audited (no personal data).
   * @throws SITE_CLOSED for a closed site
   */
  handler: async (_input, ctx) => {
    const site = ctx.grant!.target!.doc as SiteDoc;
    if (site.status !== 'open') refuse('SITE_CLOSED');
    const now = ctx.now();
    return { siteId: site._id, siteName: site.name, code: codeFor(site._id, windowOf(now)), refreshAt: windowEnd(now), windowSeconds: COMMUNITY_LIMITS.codeWindowSeconds };
  },
});

/** The volunteer's open shift, lapsing one left open too long (it then counts no hours). */
async function openShift(ctx: ActionContext, personId: string): Promise<ShiftDoc | undefined> {
  const db = dbOf(ctx);
  const now = ctx.now();
  for (const s of await fetchAll<ShiftDoc>(db.collection(CM.shifts).where({ personId, open: true }), 10)) {
    if (!lapsed(s, now)) return s;
    await db.collection(CM.shifts).where({ _id: s._id, open: true }).update({ open: false, lapsed: true, minutes: 0, checkOutAt: now });
  }
  return undefined;
}

export const checkIn = action(A.checkIn, {
  access: { roles: ['volunteer'] },
  example: async (w) => {
    const siteId = await w.insert('communitySites', { countyCode: w.side.countyCode, regionCode: w.side.villageCode, kind: 'home', name: '示例温馨家园', address: '村委会', hours: '周末', phone: { f: 'site.phone', c: 'enc:v1:x:x:x:x', m: '0566****2345' }, services: ['dayCare'], status: 'open' });
    return { code: codeFor(siteId, windowOf(w.now)) };
  },
  /**
   * An approved volunteer scans a site's current code and starts a stretch of service there.
   * Any open site of the county will do (volunteers help where they are needed). Scanning the
   * same code twice gives the same check-in. Audited as a write.
   * @throws CODE_INVALID, CODE_EXPIRED, SITE_CLOSED; ALREADY_CHECKED_IN while another check-in is open
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const personId = ctx.actor!.personId!;
    const site = await siteOfCode(ctx, input.code);
    const now = ctx.now();
    const open = await openShift(ctx, personId);
    if (open) {
      if (open.siteId === site._id) return shiftView(open);
      throw new AppError('ALREADY_CHECKED_IN', `您已在“${open.siteName}”签到，请先在那里扫码签退`);
    }
    const shift: ShiftDoc = { _id: `${personId}-${windowOf(now)}`, personId, siteId: site._id, siteName: site.name, townshipCode: site.regionCode.slice(0, 9), checkInAt: now, open: true };
    try {
      await db.collection(CM.shifts).add(shift);
    } catch {
      // The same window's scan raced this one: answer the shift it made, if still open. A shift
      // of this window already closed (in and out within the minute) leaves room for a new one.
      const made = await getDoc<ShiftDoc>(db, CM.shifts, shift._id);
      if (!made) throw new AppError('INTERNAL');
      if (made.open) return shiftView(made);
      shift._id = `${personId}-${windowOf(now)}-${now.getTime()}`;
      await db.collection(CM.shifts).add(shift);
    }
    await audit(ctx, { op: 'write', target: { kind: 'volunteerShift', id: shift._id }, regionCode: site.regionCode, refs: { siteId: site._id } });
    return shiftView(shift);
  },
});

export const checkOut = action(A.checkOut, {
  access: { roles: ['volunteer'] },
  example: async (w) => {
    const siteId = await w.insert('communitySites', { countyCode: w.side.countyCode, regionCode: w.side.villageCode, kind: 'home', name: '示例温馨家园', address: '村委会', hours: '周末', phone: { f: 'site.phone', c: 'enc:v1:x:x:x:x', m: '0566****2345' }, services: ['dayCare'], status: 'open' });
    if (w.caller.personId) {
      const at = new Date(w.now.getTime() - 90 * 60_000);
      await w.insert('volunteerShifts', { _id: `${w.caller.personId}-${windowOf(at)}`, personId: w.caller.personId, siteId, siteName: '示例温馨家园', townshipCode: w.side.townshipCode, checkInAt: at, open: true });
    }
    return { code: codeFor(siteId, windowOf(w.now)) };
  },
  /**
   * The volunteer scans the current code of the site they checked in at; the stretch closes and
   * its whole minutes count. A check-in left open more than 12 hours has lapsed and counts none.
   * Audited as a write.
   * @throws CODE_INVALID, CODE_EXPIRED; NOT_CHECKED_IN with no open check-in; WRONG_SITE for another site's code
   */
  handler: async (input, ctx) => {
    const db = dbOf(ctx);
    const personId = ctx.actor!.personId!;
    const siteId = verifyCode(input.code, ctx.now());
    const open = await openShift(ctx, personId);
    if (!open) refuse('NOT_CHECKED_IN');
    if (open.siteId !== siteId) refuse('WRONG_SITE');
    const now = ctx.now();
    const minutes = Math.floor((now.getTime() - new Date(open.checkInAt).getTime()) / 60_000);
    const closed = await db.collection(CM.shifts).where({ _id: open._id, open: true }).update({ open: false, checkOutAt: now, minutes });
    if (!closed.updated) refuse('NOT_CHECKED_IN');
    await audit(ctx, { op: 'write', target: { kind: 'volunteerShift', id: open._id }, regionCode: open.townshipCode, refs: { siteId } });
    return shiftView({ ...open, open: false, checkOutAt: now, minutes });
  },
});
