/**
 * The items behind a number, as the caller sees them: each kind loaded from its collection (by
 * the owning domain's contract type) and put in words — a child's name masked as the caller's
 * role requires, a report's kind, a village's name — with the page that opens it.
 */
import { maskName, type RoleName } from '../../_shared/access';
import type { Db } from '../../_shared/context';
import { fetchAll } from '../../_shared/db';
import { LEAGUE_LEVEL_LABELS, ORG_PAGES, type LeagueLevel } from '../../_shared/contracts/community-orgs';
import { ACTIVITY_PAGES } from '../../_shared/contracts/community-activities';
import { CARE_LABELS, type ReportDoc, type VisitDoc } from '../../_shared/contracts/care';
import { ORDER_REASON_LABELS, type OrderDoc } from '../../_shared/contracts/guardianship';
import { LABELS, type ChildDoc, type HouseholdDoc } from '../../_shared/contracts/registry';
import { FOLLOW_UP_STATUS_LABELS, ITEM_KIND_LABELS, SPOT_CHECK_KIND_LABELS, SUPERVISION_PAGES, type FollowUpDoc, type ItemKind, type ItemView, type SpotCheckItemDoc } from '../../_shared/contracts/supervision';
import { riskLevelOf } from '../../_shared/visit-plan';
import { SV, childNameAs, formatShanghai, regionNames } from './common';

/** A stored item of a figures document. */
export interface StoredItem {
  id: string;
  v?: number;
  note?: string;
}

const CHILD_PAGE = '/packageRegistry/pages/child/index?id=';
const REPORT_PAGE = '/packageCare/pages/report/index?reportId=';
const ORDER_PAGE = '/packageGuardianship/pages/order/index?id=';
const HOME_PAGE = '/packageSchools/pages/home/index?schoolId=';

async function byIds<T extends { _id: string }>(db: Db, collection: string, ids: string[], fields?: Record<string, true>): Promise<Map<string, T>> {
  const _ = db.command;
  const out = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 500) {
    let q = db.collection(collection).where({ _id: _.in(ids.slice(i, i + 500)) });
    if (fields) q = q.field(fields);
    for (const d of await fetchAll<T>(q, 1000)) out.set(d._id, d);
  }
  return out;
}

type ChildBrief = Pick<ChildDoc, '_id' | 'name' | 'villageCode' | 'risk'> & { erased?: unknown };
const CHILD_FIELDS = { _id: true, name: true, villageCode: true, risk: true, erased: true } as const;

/**
 * Puts stored items of one kind in words for `role`.
 * @param opts.maskNames mask every child's name (for a document the whole county reads)
 */
export async function describeItems(db: Db, kind: ItemKind, items: StoredItem[], role: RoleName, opts: { maskNames?: boolean } = {}): Promise<ItemView[]> {
  const ids = items.map((i) => i.id);
  // A document read across the county (the circular) masks every child's name (张*), whatever the reader's role.
  const nameOf = (name: string | undefined) => (opts.maskNames ? (name ? maskName(name) : '') : childNameAs(name, role));
  const base = (i: StoredItem, title: string, detail: string, page: string | null): ItemView => ({ id: i.id, kind, title, detail, note: i.note ?? '', value: i.v ?? null, page });
  switch (kind) {
    case 'child': {
      const children = await byIds<ChildBrief>(db, 'children', ids, CHILD_FIELDS);
      const names = await regionNames(db, [...children.values()].map((c) => c.villageCode));
      return items.map((i) => {
        const c = children.get(i.id);
        if (!c || c.erased) return base(i, '（档案已删除）', '', null);
        return base(i, nameOf(c.name) || '儿童', `${names.get(c.villageCode)} · ${LABELS.risk[riskLevelOf(c)]}`, CHILD_PAGE + encodeURIComponent(i.id));
      });
    }
    case 'visit': {
      const visits = await byIds<Pick<VisitDoc, '_id' | 'childId' | 'villageCode' | 'date' | 'kind'>>(db, 'visits', ids, { _id: true, childId: true, villageCode: true, date: true, kind: true });
      const children = await byIds<ChildBrief>(db, 'children', [...new Set([...visits.values()].map((v) => v.childId))], CHILD_FIELDS);
      const names = await regionNames(db, [...visits.values()].map((v) => v.villageCode));
      return items.map((i) => {
        const v = visits.get(i.id);
        if (!v) return base(i, '（记录已删除）', '', null);
        const c = children.get(v.childId);
        return base(i, nameOf(c?.name) || '儿童', `${v.date} ${CARE_LABELS.visitKind[v.kind]} · ${names.get(v.villageCode)}`, c && !c.erased ? CHILD_PAGE + encodeURIComponent(v.childId) : null);
      });
    }
    case 'report': {
      const reports = await byIds<Pick<ReportDoc, '_id' | 'kind' | 'villageCode' | 'reportedAt' | 'status'>>(db, 'careReports', ids, { _id: true, kind: true, villageCode: true, reportedAt: true, status: true });
      const names = await regionNames(db, [...reports.values()].map((r) => r.villageCode));
      return items.map((i) => {
        const r = reports.get(i.id);
        if (!r) return base(i, '（报告不存在）', '', null);
        return base(i, CARE_LABELS.reportKind[r.kind], `${formatShanghai(r.reportedAt)} · ${names.get(r.villageCode)} · ${CARE_LABELS.reportStatus[r.status]}`, REPORT_PAGE + encodeURIComponent(i.id));
      });
    }
    case 'order': {
      const orders = await byIds<Pick<OrderDoc, '_id' | 'childId' | 'villageCode' | 'reason' | 'openedOn'>>(db, 'guardianshipOrders', ids, { _id: true, childId: true, villageCode: true, reason: true, openedOn: true });
      const children = await byIds<ChildBrief>(db, 'children', [...new Set([...orders.values()].map((o) => o.childId))], CHILD_FIELDS);
      const names = await regionNames(db, [...orders.values()].map((o) => o.villageCode));
      return items.map((i) => {
        const o = orders.get(i.id);
        if (!o) return base(i, '（责令不存在）', '', null);
        const c = children.get(o.childId);
        return base(i, nameOf(c?.name) || '儿童', `${ORDER_REASON_LABELS[o.reason]} · ${o.openedOn}开出 · ${names.get(o.villageCode)}`, ORDER_PAGE + encodeURIComponent(i.id));
      });
    }
    case 'household': {
      const hh = await byIds<Pick<HouseholdDoc, '_id' | 'villageCode' | 'group' | 'childIds'>>(db, 'households', ids, { _id: true, villageCode: true, group: true, childIds: true });
      const names = await regionNames(db, [...hh.values()].map((h) => h.villageCode));
      return items.map((i) => {
        const h = hh.get(i.id);
        return base(i, `${h?.group ?? ''}一户`.replace(/^一户$/, '未分组的一户'), h ? `${names.get(h.villageCode)} · 儿童${h.childIds?.length ?? 0}人` : '', null);
      });
    }
    case 'group': {
      const names = await regionNames(db, ids.map((id) => id.split(':')[0]));
      return items.map((i) => base(i, i.note ?? '村民小组', names.get(i.id.split(':')[0]) ?? '', null));
    }
    case 'village':
    case 'township': {
      const names = await regionNames(db, [...ids, ...ids.map((c) => c.slice(0, 9))]);
      return items.map((i) => base(i, names.get(i.id) ?? i.id, kind === 'village' ? (names.get(i.id.slice(0, 9)) ?? '') : '', `${SUPERVISION_PAGES.staffing}?regionCode=${i.id.slice(0, 9)}`));
    }
    case 'spotCheckItem': {
      const rows = await byIds<SpotCheckItemDoc>(db, SV.spotCheckItems, ids);
      const children = await byIds<ChildBrief>(db, 'children', [...new Set([...rows.values()].map((r) => r.childId).filter((x): x is string => !!x))], CHILD_FIELDS);
      const followUps = await byIds<Pick<FollowUpDoc, '_id' | 'status' | 'deadline'>>(db, SV.followUps, [...rows.values()].map((r) => r.followUpId).filter((x): x is string => !!x), { _id: true, status: true, deadline: true });
      const names = await regionNames(db, [...rows.values()].map((r) => r.villageCode));
      return items.map((i) => {
        const r = rows.get(i.id);
        if (!r) return base(i, ITEM_KIND_LABELS.spotCheckItem, '', null);
        const c = r.childId ? children.get(r.childId) : undefined;
        const f = r.followUpId ? followUps.get(r.followUpId) : undefined;
        // The follow-up's state, not the checker's note: a note is free text a county-wide circular must not carry.
        const follow = f ? ` · 整改${FOLLOW_UP_STATUS_LABELS[f.status]}，期限${f.deadline}` : '';
        return base(i, `${SPOT_CHECK_KIND_LABELS[r.kind]} · ${nameOf(c?.name) || '儿童'}`, `${names.get(r.villageCode)}${r.checkedAt ? ` · ${formatShanghai(r.checkedAt)}核实` : ''}${follow}`, `${SUPERVISION_PAGES.spotCheck}?id=${encodeURIComponent(r.checkId)}`);
      });
    }
    case 'followUp': {
      const rows = await byIds<FollowUpDoc>(db, SV.followUps, ids);
      const names = await regionNames(db, [...rows.values()].map((r) => r.villageCode));
      return items.map((i) => {
        const f = rows.get(i.id);
        if (!f) return base(i, ITEM_KIND_LABELS.followUp, '', null);
        return base(i, `${SPOT_CHECK_KIND_LABELS[f.kind]}整改`, `${names.get(f.villageCode)} · 期限${f.deadline}`, `${SUPERVISION_PAGES.followUp}?id=${encodeURIComponent(f._id)}`);
      });
    }
    case 'volunteer': {
      // A volunteer's name, masked in a document the whole county reads; no page of theirs to open.
      const people = await byIds<{ _id: string; name?: string }>(db, 'persons', ids, { _id: true, name: true });
      return items.map((i) => {
        const name = people.get(i.id)?.name ?? '';
        return base(i, (opts.maskNames ? maskName(name) : name) || ITEM_KIND_LABELS.volunteer, ITEM_KIND_LABELS.volunteer, null);
      });
    }
    case 'training': {
      const rows = await byIds<{ _id: string; title: string; day: string }>(db, 'trainings', ids, { _id: true, title: true, day: true });
      return items.map((i) => base(i, rows.get(i.id)?.title ?? ITEM_KIND_LABELS.training, rows.get(i.id)?.day ?? '', null));
    }
    case 'activity': {
      // A care activity: its theme, day and site; the organiser's page is theirs to open.
      const rows = await byIds<{ _id: string; theme: string; day: string; siteName: string }>(db, 'careActivities', ids, { _id: true, theme: true, day: true, siteName: true });
      return items.map((i) => {
        const r = rows.get(i.id);
        return base(i, r?.theme ?? ITEM_KIND_LABELS.activity, r ? `${r.day} · ${r.siteName}` : '', r ? `${ACTIVITY_PAGES.activity}?id=${encodeURIComponent(r._id)}` : null);
      });
    }
    case 'school': {
      // A school of the 留守儿童之家 indicators: its name and township; opens its home page.
      const rows = await byIds<{ _id: string; name: string; townshipCode: string }>(db, 'schools', ids, { _id: true, name: true, townshipCode: true });
      const names = await regionNames(db, [...rows.values()].map((r) => r.townshipCode));
      return items.map((i) => {
        const r = rows.get(i.id);
        return base(i, r?.name ?? ITEM_KIND_LABELS.school, r ? (names.get(r.townshipCode) ?? '') : '', r ? `${HOME_PAGE}${encodeURIComponent(i.id)}` : null);
      });
    }
    case 'leagueOrg': {
      const rows = await byIds<{ _id: string; name: string; level: LeagueLevel; townshipCode: string }>(db, 'leagueOrgs', ids, { _id: true, name: true, level: true, townshipCode: true });
      const names = await regionNames(db, [...rows.values()].map((r) => r.townshipCode));
      return items.map((i) => {
        const r = rows.get(i.id);
        if (!r) return base(i, '（团组织已删除）', '', null);
        return base(i, r.name, `${LEAGUE_LEVEL_LABELS[r.level]} · ${names.get(r.townshipCode) ?? ''}`, `${ORG_PAGES.leaguePair}?id=${encodeURIComponent(r._id)}`);
      });
    }
    case 'helplineRequest':
    case 'referral':
      // The helpline's own pages are for its agents; the county sees the number and category only.
      return items.map((i) => base(i, i.note ?? ITEM_KIND_LABELS[kind], ITEM_KIND_LABELS[kind], null));
  }
}
