/**
 * A child's community care on the child's file (docs/community.md "On the child's file"): the
 * 团组织 paired with the child and the care activities the child was marked at. Whoever may read
 * the child's file may read this (the same roles and scope as `registry.getChild`: the router
 * loads the child and checks the caller's binding reaches it); audited as a read of the child.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { CHILD_FILE_READERS, childTarget } from '../../_shared/access';
import { dbOf, fetchAll } from '../../_shared/db';
import {
  ACTIVITY_KIND_LABELS,
  CHILD_CARE_ACTIVITIES_MAX,
  LEAGUE_LEVEL_LABELS,
  communityContract,
  type ActivityDoc,
  type ChildCareView,
  type LeagueOrgDoc,
  type LeaguePairingDoc,
} from '../../_shared/contracts/community';
import { LEAGUE_ORGS, LEAGUE_PAIRINGS } from './youth-league';

const A = communityContract.actions;

export const childCare = action(A.childCare, {
  access: { roles: CHILD_FILE_READERS, target: childTarget((i: { childId: string }) => i.childId), audit: 'read' },
  example: (w) => ({ childId: w.side.childId }),
  /**
   * The child's 团组织 pairings — current (结对中) first, then ended (已结束, with the day), each
   * newest first — and the care activities the child was ticked at, most recent first (at most
   * CHILD_CARE_ACTIVITIES_MAX, with the total). Names of organisations and of the member keeping
   * the pairing are shown as entered (they are the people families are told to expect).
   * @throws NOT_FOUND for an erased file; FORBIDDEN outside the caller's scope (router)
   */
  handler: async (input, ctx) => {
    const child = ctx.grant!.target!.doc as { erased?: unknown };
    if (child.erased) throw new AppError('NOT_FOUND', '该档案已按申请删除');
    const db = dbOf(ctx);
    const [pairings, activities] = await Promise.all([
      fetchAll<LeaguePairingDoc>(db.collection(LEAGUE_PAIRINGS).where({ childId: input.childId }), 200),
      fetchAll<Pick<ActivityDoc, '_id' | 'day' | 'kind' | 'theme' | 'siteName'>>(
        db.collection('careActivities').where({ childIds: input.childId }).field({ _id: true, day: true, kind: true, theme: true, siteName: true }),
        5000,
      ),
    ]);
    const orgIds = [...new Set(pairings.map((p) => p.orgId))];
    const orgs = orgIds.length
      ? await fetchAll<Pick<LeagueOrgDoc, '_id' | 'name' | 'level'>>(db.collection(LEAGUE_ORGS).where({ _id: db.command.in(orgIds) }).field({ _id: true, name: true, level: true }), orgIds.length)
      : [];
    const orgOf = new Map(orgs.map((o) => [o._id, o]));
    const newestFirst = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
    const view: ChildCareView = {
      pairings: pairings
        .sort((a, b) => Number(b.active) - Number(a.active) || newestFirst(a.since, b.since))
        .map((p) => {
          const org = orgOf.get(p.orgId);
          return {
            pairingId: p._id,
            orgName: org?.name ?? '（团组织已删除）',
            levelLabel: org ? LEAGUE_LEVEL_LABELS[org.level] : '',
            since: p.since,
            memberName: p.memberName,
            active: p.active,
            ...(p.endedOn ? { endedOn: p.endedOn } : {}),
            statusLabel: p.active ? '结对中' : '已结束',
          };
        }),
      activities: activities
        .sort((a, b) => newestFirst(a.day, b.day))
        .slice(0, CHILD_CARE_ACTIVITIES_MAX)
        .map((a) => ({ activityId: a._id, day: a.day, kindLabel: ACTIVITY_KIND_LABELS[a.kind], theme: a.theme, siteName: a.siteName })),
      activitiesTotal: activities.length,
    };
    return view;
  },
});
