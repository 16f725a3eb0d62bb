/**
 * State and option types of the local WeChat stand-in (contract:
 * shared/reference/wechat-official-account-and-messages.md, §8 "endpoint table and state").
 * Everything here is plain JSON so it can be persisted to `dataDir`.
 */
import type { SubscribeFieldType } from '../../cloudfunctions/_shared/wechat/templates';

/** §4.5: who may call freepublish/*. */
export type AccountProfile = 'service_verified' | 'subscription_verified' | 'subscription_unverified' | 'personal';

/** One WeChat account the stand-in knows. */
export interface AccountConfig {
  appid: string;
  secret: string;
  /** `official_account` (公众号: drafts, publishing; IP whitelist applies) or `miniprogram` (subscribe messages). */
  kind: 'official_account' | 'miniprogram';
  /** Display name (Chinese) for the local page. */
  name: string;
  /** Original id (`gh_…`), the `ToUserName` of pushed events. */
  ghid: string;
  /** §4.5 account type; only the two verified profiles may use freepublish/*. Default `service_verified`. */
  profile: AccountProfile;
  /** Allowed caller IPs (OA only, §1.1); `null` = not enforced. */
  ipWhitelist: string[] | null;
  /** §1.1 40243 AppSecret frozen. */
  secretFrozen: boolean;
  /** §3.1 `need_open_comment: 1` needs it, else 88000. */
  commentPrivilege: boolean;
  /** Endpoint patterns (`freepublish/*`, `draft/add`, `*`) answered with 48001 (permission toggle). */
  deniedApis: string[];
}

/** Knobs the contract suggests (§1.3, §3.1, §4.2, §4.3). All times in seconds unless named Ms. */
export interface Knobs {
  /** Overlap during which a superseded token still works (§1.1, §1.3). */
  graceSeconds: number;
  /** Token lifetime (§1.1). */
  tokenTtlSeconds: number;
  /** §1.2: forced stable refreshes per day and minimum spacing. */
  forceRefreshDailyLimit: number;
  forceRefreshMinIntervalSeconds: number;
  /** Per-endpoint quotas (§1.1 token ≈ 2000/day; §1.2 stable 500k/day, 10k/min) → 45009 / 45011. */
  quotas: Record<string, { daily?: number; perMinute?: number }>;
  /** §3.1/§9.1 draft limits (characters = code points). */
  titleMax: number;
  authorMax: number;
  digestMax: number;
  /** §3.1/§9.4 content limits → 45166. */
  contentMaxChars: number;
  contentMaxBytes: number;
  /** §4.2 simulated publishing time (by the stand-in clock). */
  publishDelaySeconds: number;
  /** §4.1/§9.2 `publish_id` as a JSON string instead of an integer. */
  publishIdAsString: boolean;
  /** §4.3 push PUBLISHJOBFINISH to `eventUrl`. */
  pushEvents: boolean;
  /** §4.3 the "Token" the push is signed with. */
  eventToken: string;
  /** Delivery: attempts in total, wait between attempts (real ms), per-attempt timeout (real ms). */
  eventMaxAttempts: number;
  eventRetryDelayMs: number;
  eventTimeoutMs: number;
  /** §6.1 41030: pages that exist in the mini-program (`null` = any page accepted). */
  miniprogramPages: string[] | null;
}

/** One issued access token (§1.3). */
export interface TokenRecord {
  token: string;
  appid: string;
  issuer: 'classic' | 'stable';
  issuedAtMs: number;
  expiresAtMs: number;
  /** Set when superseded: after this instant the token answers 40001. */
  deadAtMs?: number;
}

/** An uploaded file. `uploadimg` images have no media_id. */
export interface MediaRecord {
  /** Key of the bytes (memory map / `dataDir/media/<fileKey>`). */
  fileKey: string;
  appid: string;
  kind: 'uploadimg' | 'image' | 'voice' | 'video' | 'thumb';
  /** Permanent material id (add_material). */
  mediaId?: string;
  /** mmbiz URL (uploadimg and image materials). */
  url: string;
  filename: string;
  contentType: string;
  size: number;
  createdAtMs: number;
  /** video description (§2.2). */
  title?: string;
  introduction?: string;
}

/** A stored draft article (after validation and sanitizing, §3.1/§3.3). */
export interface StoredArticle {
  article_type: 'news' | 'newspic';
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  thumb_url: string;
  need_open_comment: number;
  only_fans_can_comment: number;
  show_cover_pic: number;
  pic_crop_235_1?: string;
  pic_crop_1_1?: string;
  image_info?: { image_list: { image_media_id: string }[] };
}

export interface DraftRecord {
  mediaId: string;
  appid: string;
  articles: StoredArticle[];
  createdAtMs: number;
  updatedAtMs: number;
}

/** §4.2 publish_status values. */
export const PublishStatus = {
  SUCCESS: 0,
  PUBLISHING: 1,
  ORIGINAL_CHECK_FAILED: 2,
  GENERAL_FAILURE: 3,
  AUDIT_REJECTED: 4,
  USER_DELETED_ALL: 5,
  SYSTEM_BANNED_ALL: 6,
} as const;

/** A planned end of a publish job, chosen per draft (admin) or by a title marker `[[fail:N]]`. */
export interface PublishOutcome {
  /** 0 success, 2 originality check failure, 3 general failure, 4 review rejection. */
  status: 0 | 2 | 3 | 4;
  /** 1-based failing positions for 2/4 (default: [1]). */
  failIdx?: number[];
  /** Override the publishing time for this draft (seconds of stand-in clock). */
  delaySeconds?: number;
}

/** Delivery record of one PUBLISHJOBFINISH push. */
export interface EventDelivery {
  publishId: number;
  url: string;
  xml: string;
  attempts: number;
  delivered: boolean;
  /** Last HTTP status or error text. */
  lastResult?: string;
  createdAtMs: number;
}

/** A freepublish job and, on success, the published article (§4). */
export interface PublishJob {
  publishId: number;
  msgDataId: number;
  appid: string;
  draftMediaId: string;
  /** Snapshot of the draft's articles at submit time. */
  articles: StoredArticle[];
  submittedAtMs: number;
  dueAtMs: number;
  planned: { status: 0 | 2 | 3 | 4; failIdx: number[] };
  status: number;
  failIdx: number[];
  finishedAtMs?: number;
  /** Set on success. */
  articleId?: string;
  items?: { idx: number; url: string; deleted: boolean }[];
  updatedAtMs: number;
}

/** A subscribe-message template as the stand-in validates it (§6.1). */
export interface StandinTemplate {
  id: string;
  title: string;
  fields: Record<string, SubscribeFieldType>;
  /** §6.2 long-term: unlimited sends once accepted. */
  longTerm: boolean;
  /** Allowed values of `enum` keywords. */
  enumValues?: Record<string, string[]>;
}

/** Per (openid, template) subscription state (§6.2). */
export interface Subscription {
  openid: string;
  templateId: string;
  /** One-time credits left. */
  credits: number;
  /** Long-term template accepted (and not turned off). */
  accepted: boolean;
}

/** One subscribe/send attempt, whatever its result. */
export interface SentMessage {
  atMs: number;
  via: 'https' | 'cloud';
  touser: string;
  templateId: string;
  page?: string;
  data: unknown;
  errcode: number;
  errmsg: string;
}

/** A switchable fault: the next `remaining` calls to `endpoint` answer `errcode`. */
export interface FaultRule {
  id: number;
  /** Endpoint name without `/cgi-bin/` (e.g. `freepublish/submit`), a prefix pattern `draft/*`, or `*`. */
  endpoint: string;
  errcode: number;
  errmsg?: string;
  /** Calls left; `null` = until cleared. */
  remaining: number | null;
}

/** Everything the stand-in keeps (persisted as JSON when `dataDir` is set). */
export interface WechatState {
  version: 1;
  accounts: Record<string, AccountConfig>;
  knobs: Knobs;
  tokens: Record<string, TokenRecord>;
  /** Stable force-refresh bookkeeping per appid. */
  forceRefresh: Record<string, { day: string; count: number; lastAtMs: number }>;
  /** Quota counters per `appid|endpoint`. */
  counters: Record<string, { day: string; daily: number; minute: number; minuteCount: number }>;
  media: Record<string, MediaRecord>;
  drafts: Record<string, DraftRecord>;
  jobs: Record<string, PublishJob>;
  plannedOutcomes: Record<string, PublishOutcome>;
  events: EventDelivery[];
  templates: Record<string, StandinTemplate>;
  subscriptions: Record<string, Subscription>;
  messages: SentMessage[];
  faults: FaultRule[];
  seq: { publishId: number; msgDataId: number; fault: number };
}
