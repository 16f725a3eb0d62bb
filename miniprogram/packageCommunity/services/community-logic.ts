/** Presentation rules of the 关爱服务 pages (pure, unit-tested through the pages). */
import { formatTime } from '../../utils/time';
import type { DirectoryView, MyVolunteerView, SiteView } from './community';

/** `150` → `2小时30分钟`; `45` → `45分钟`; `0` → `0分钟`. */
export function durationText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m}分钟`;
  return m ? `${h}小时${m}分钟` : `${h}小时`;
}

/** A site as a card shows it. */
export interface SiteCard {
  siteId: string;
  name: string;
  kindLabel: string;
  place: string;
  address: string;
  hours: string;
  phone: string;
  services: string;
  capacity: string;
  statusLabel: string;
  open: boolean;
  /** 约800米 / 约1.2公里 from the family, when they asked nearest-first; else ''. */
  distance: string;
  /** Placed on the map: 导航 opens it (wx.openLocation). */
  placed: boolean;
}

/** A distance as a family reads it: under 1 km in tens of metres, above in tenths of a kilometre. */
export function distanceText(meters: number | undefined): string {
  if (meters === undefined) return '';
  if (meters < 1000) return `约${Math.max(10, Math.round(meters / 10) * 10)}米`;
  return `约${(Math.round(meters / 100) / 10).toFixed(1)}公里`;
}

export function siteCards(sites: SiteView[]): SiteCard[] {
  return sites.map((s) => ({
    siteId: s.siteId,
    name: s.name,
    kindLabel: s.kindLabel,
    place: `服务：${s.region.name}`,
    address: s.address,
    hours: s.hours,
    phone: s.phone,
    services: s.serviceLabels.join('、'),
    capacity: s.capacity !== undefined ? `可容纳${s.capacity}人` : '',
    statusLabel: s.statusLabel,
    open: s.status === 'open',
    distance: distanceText(s.distanceMeters),
    placed: !!s.location,
  }));
}

/** The picker columns of the directory: townships, and the chosen township's villages (first: 全乡镇). */
export function placeOptions(view: Pick<DirectoryView, 'townships'>, townshipIndex: number): { townships: string[]; villages: string[] } {
  const t = view.townships[townshipIndex];
  return { townships: view.townships.map((x) => x.name), villages: t ? ['全乡镇', ...t.villages.map((v) => v.name)] : [] };
}

/** The division chosen in the pickers (village index 0 = the whole township), or undefined. */
export function chosenRegion(view: Pick<DirectoryView, 'townships'>, townshipIndex: number, villageIndex: number): string | undefined {
  const t = view.townships[townshipIndex];
  if (!t) return undefined;
  return villageIndex > 0 ? t.villages[villageIndex - 1]?.code : t.code;
}

/** Picker indexes of a division code (a village picks its township and itself). */
export function indexesOf(view: Pick<DirectoryView, 'townships'>, code: string | undefined): { townshipIndex: number; villageIndex: number } {
  if (!code) return { townshipIndex: -1, villageIndex: 0 };
  const townshipIndex = view.townships.findIndex((t) => code.startsWith(t.code));
  if (townshipIndex < 0) return { townshipIndex: -1, villageIndex: 0 };
  const villageIndex = view.townships[townshipIndex].villages.findIndex((v) => v.code === code) + 1;
  return { townshipIndex, villageIndex };
}

/** What the volunteer page shows of a record. */
export interface VolunteerSummary {
  total: string;
  line: string;
  open?: { siteName: string; since: string };
  sites: { siteId: string; siteName: string; text: string }[];
  recent: { shiftId: string; title: string; text: string; tag: string; tone: string }[];
}

export function volunteerSummary(v: MyVolunteerView): VolunteerSummary {
  return {
    total: durationText(v.totalMinutes),
    line: v.shifts ? `共服务${v.shifts}次，${v.sites.length}个站点` : '还没有服务记录：到站点后扫描组织者出示的签到码',
    open: v.openShift ? { siteName: v.openShift.siteName, since: formatTime(v.openShift.checkInAt) } : undefined,
    sites: v.sites.map((s) => ({ siteId: s.siteId, siteName: s.siteName, text: `${durationText(s.minutes)}（${s.shifts}次）` })),
    recent: v.recent.map((s) => ({
      shiftId: s.shiftId,
      title: s.siteName,
      text: s.checkOutAt ? `${formatTime(s.checkInAt)} 至 ${formatTime(s.checkOutAt)}` : `${formatTime(s.checkInAt)} 签到`,
      tag: s.lapsed ? '未签退，不计时长' : s.checkOutAt ? durationText(s.minutes ?? 0) : '服务中',
      tone: s.lapsed ? 'warning' : s.checkOutAt ? 'success' : 'info',
    })),
  };
}

/**
 * Seconds between refreshes of the organiser's code. A code is accepted in its minute and the
 * next, so asking every 20 s keeps the shown code good for at least 40 s more, whatever the
 * phone's own clock says (the server's clock decides the window).
 */
export const CODE_REFRESH_SECONDS = 20;

/** True for a training's attendance code (`SWT1.…`) as opposed to a site's check-in code. */
export function isTrainingCode(code: string): boolean {
  return /^SWT1\./.test(code.trim());
}

/** True for a care activity's attendance code (`SWA1.…`). */
export function isActivityCode(code: string): boolean {
  return /^SWA1\./.test(code.trim());
}
