/**
 * A child's community care, as the child's file shows it (儿童档案 → 关爱帮扶 → 团组织结对与关爱活动):
 * the Youth League organisations paired with the child (policy §二(四): every 团组织 linked to at
 * least one left-behind child — the pairing extends 1+1+1 / 结对子) and the care activities the
 * child was ticked at. Part of the `community` contract (community.ts spreads `childCareActions`).
 * Days are Asia/Shanghai calendar days `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { returns } from './define';

/** The page that shows it. */
export const CHILD_CARE_PAGE = '/packageCommunity/pages/child-care/index';

/** How many activities the page lists (most recent first). */
export const CHILD_CARE_ACTIVITIES_MAX = 50;

/** The child's community care. */
export interface ChildCareView {
  /** Pairings with 团组织: current first (结对中), then ended (已结束), each newest first. */
  pairings: {
    pairingId: string;
    orgName: string;
    levelLabel: string;
    since: string;
    /** Who in the organisation keeps the pairing. */
    memberName: string;
    active: boolean;
    endedOn?: string;
    statusLabel: string;
  }[];
  /** Care activities the child was marked at, most recent first (at most CHILD_CARE_ACTIVITIES_MAX). */
  activities: { activityId: string; day: string; kindLabel: string; theme: string; siteName: string }[];
  /** Activities in all (the list may stop at CHILD_CARE_ACTIVITIES_MAX). */
  activitiesTotal: number;
}

/** The child-care actions of the `community` contract. */
export const childCareActions = {
  childCare: {
    summary: '儿童档案中的团组织结对与关爱活动：与孩子结对的团组织（结对中、已结束）和孩子参加过的关爱活动（能看这份档案的人）',
    input: () => z.object({ childId: z.string().min(1).max(64).meta({ title: '儿童' }) }).strict(),
    output: returns<ChildCareView>(),
  },
};
