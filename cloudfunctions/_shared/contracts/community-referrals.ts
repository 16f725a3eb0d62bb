/**
 * Referrals of a child's case to a directory entry (issue 18; policy §二(五): the county's minors'
 * protection centre, shelters and social organisations take children referred to them) — part
 * of the `community` action table (spread into `communityContract`; a file of its own to keep
 * community.ts short). A village officer, township staff or the county refers a child in their
 * area with what the entry needs to know and a deadline; the entry's staff (role `siteStaff`,
 * bound to the entry by invitation) are told in 消息 and answer on 转介单 before the deadline; an
 * entry nobody is bound to sends the order to the county admins and says so; an order past its
 * deadline unanswered is escalated to the county admins (scheduler). Helpline requests referred
 * to an entry are helpline referrals (department `site`, contracts/helpline.ts) and answered on
 * the same page.
 *
 * Instants are UTC `Date`s (ISO strings on the wire); a deadline is shown as a Shanghai day and time.
 */
import { z } from 'zod';
import { returns } from './define';
import { fields } from './fields';

/** A child referral's life: sent (待答复) → answered (已答复). */
export const SITE_REFERRAL_STATUSES = ['sent', 'answered'] as const;
export type SiteReferralStatus = (typeof SITE_REFERRAL_STATUSES)[number];

/** Limits of the referral form (characters; days). */
export const SITE_REFERRAL_LIMITS = { summary: 500, reason: 200, reply: 1000, deadlineDaysMax: 30, deadlineDaysDefault: 3 } as const;

/** Who may refer a child's case: the officials of the child's area. */
export const SITE_REFERRERS = ['villageOfficer', 'townshipStaff', 'countyAdmin'] as const;

/** A stored child referral (collection `siteReferrals`). */
export interface SiteReferralDoc {
  _id: string;
  countyCode: string;
  siteId: string;
  siteName: string;
  childId: string;
  villageCode: string;
  townshipCode: string;
  /** What the entry is told (written by the referrer for the entry; no ID numbers or phones). */
  summary: string;
  createdBy: string;
  createdAt: Date;
  deadline: Date;
  status: SiteReferralStatus;
  /** Who the order reached: the entry's staff, the county admins in their stead, or nobody. */
  route: 'siteStaff' | 'countyAdmins' | 'nobody';
  reply?: string;
  answeredAt?: Date;
  answeredBy?: string;
  /** `false` until escalated to the county admins past the deadline. */
  escalated: boolean;
  escalatedAt?: Date;
}

/** A child referral as the entry's staff and the referrer see it. */
export interface SiteReferralView {
  referralId: string;
  siteId: string;
  siteName: string;
  /** The child's name as the caller's role sees it (entry staff: masked). */
  childName: string;
  /** Where the child lives (township · village). */
  place: string;
  summary: string;
  /** Who referred (a person's name) — the entry's staff call them back through the township. */
  referredBy: string;
  createdAt: Date;
  deadline: Date;
  status: SiteReferralStatus;
  /** 待答复 / 已逾期 / 已答复. */
  statusLabel: string;
  /** Said plainly when the entry had nobody bound (county admins took it, or nobody could be told). */
  routeNote?: string;
  escalated: boolean;
  reply?: string;
  answeredAt?: Date;
  answeredInTime?: boolean;
  /** The caller may answer it (the entry's staff; the county admins). */
  answerable: boolean;
}

/** An entry a child may be referred to. */
export interface ReferralSiteOption {
  siteId: string;
  name: string;
  kindLabel: string;
  /** The area it serves, in words (全县 for county-wide entries). */
  place: string;
  /** Someone is bound to it; false: the county admins would take the order. */
  staffed: boolean;
}

const referralId = z.string().min(1).max(64);
const childId = z.string().min(1).max(64);

/** The referral actions of `communityContract`. */
export const siteReferralActions = {
  referTargets: {
    summary: '可转介的服务机构：未成年人保护中心、救助保护机构、社会组织（儿童所在乡镇的和全县的），及是否已有绑定的工作人员',
    input: () => z.object({ childId }).strict(),
    output: returns<{ childName: string; sites: ReferralSiteOption[] }>(),
  },
  referChild: {
    summary: '把一名儿童的情况转介给服务机构（保护中心、社会组织），须说明理由，设答复期限；机构工作人员在“转介单”中答复',
    input: () => z
      .object({
        childId,
        siteId: z.string().min(1).max(64),
        summary: fields.freeText('机构看到的情况', { min: 4, max: SITE_REFERRAL_LIMITS.summary }),
        reason: fields.freeText('转介理由', { min: 4, max: SITE_REFERRAL_LIMITS.reason, multiline: false }),
        deadlineDays: z.number().int().min(1).max(SITE_REFERRAL_LIMITS.deadlineDaysMax).default(SITE_REFERRAL_LIMITS.deadlineDaysDefault),
      })
      .strict(),
    output: returns<{ referral: SiteReferralView; notified: number; routeNote?: string }>(),
  },
  siteReferrals: {
    summary: '转介单（儿童）：转到本机构的（机构工作人员），或本辖区发出的（村、乡镇、县）',
    input: () => z.object({ status: z.enum(SITE_REFERRAL_STATUSES).optional() }).strict(),
    output: returns<{ referrals: SiteReferralView[] }>(),
  },
  answerSiteReferral: {
    summary: '答复转介单（机构工作人员；机构无人绑定时由县民政局管理员答复），转介人会收到通知',
    input: () => z.object({ referralId, reply: fields.freeText('处理情况', { min: 2, max: SITE_REFERRAL_LIMITS.reply }) }).strict(),
    output: returns<{ referral: SiteReferralView }>(),
  },
} as const;
