/**
 * Initial state and optional JSON persistence of the WeChat stand-in (`dataDir`), so `npm start`
 * restarts keep published articles, drafts, materials, tokens and credits. Uploaded bytes live
 * in `dataDir/media/<fileKey>` (in memory only when there is no `dataDir`).
 */
import fs from 'fs';
import path from 'path';
import { defaultTemplates } from './subscribe';
import type { AccountConfig, Knobs, StandinTemplate, WechatState } from './types';

/** The local Official Account (公众号) the publishing function talks to. */
export const DEFAULT_OFFICIAL_ACCOUNT: AccountConfig = {
  appid: 'wx5eb0a11ce0ff1c1a',
  secret: 'local-official-account-secret',
  kind: 'official_account',
  name: '东至县未成年人保护（本地）',
  ghid: 'gh_5eb0a11ce0ff',
  profile: 'service_verified',
  ipWhitelist: null,
  secretFrozen: false,
  commentPrivilege: false,
  deniedApis: [],
};

/** The local mini-program (subscribe messages; the cloud call uses it). */
export const DEFAULT_MINIPROGRAM: AccountConfig = {
  appid: 'wx5eb0a11ce0ff2b2b',
  secret: 'local-miniprogram-secret',
  kind: 'miniprogram',
  name: '守望（本地）',
  ghid: 'gh_5eb0a11ce0f2',
  profile: 'service_verified',
  ipWhitelist: null,
  secretFrozen: false,
  commentPrivilege: false,
  deniedApis: [],
};

/** Defaults of every knob (contract §1.3, §3.1, §4.2, §4.3; decisions in docs/wechat-standin.md). */
export const DEFAULT_KNOBS: Knobs = {
  graceSeconds: 300,
  tokenTtlSeconds: 7200,
  forceRefreshDailyLimit: 20,
  forceRefreshMinIntervalSeconds: 30,
  quotas: {
    token: { daily: 2000 },
    stable_token: { daily: 500_000, perMinute: 10_000 },
    'message/subscribe/send': { daily: 10_000_000 },
  },
  titleMax: 64,
  authorMax: 16,
  digestMax: 128,
  contentMaxChars: 20_000,
  contentMaxBytes: 1024 * 1024,
  publishDelaySeconds: 2,
  publishIdAsString: false,
  pushEvents: true,
  eventToken: 'shouwang-local-event-token',
  eventMaxAttempts: 3,
  eventRetryDelayMs: 1000,
  eventTimeoutMs: 5000,
  miniprogramPages: null,
};

/** Fills an account from a partial one (appid required). */
export function account(partial: Partial<AccountConfig> & { appid: string }): AccountConfig {
  const base = partial.kind === 'miniprogram' ? DEFAULT_MINIPROGRAM : DEFAULT_OFFICIAL_ACCOUNT;
  return { ...base, ghid: `gh_${partial.appid.slice(2, 14)}`, ...partial };
}

/** A fresh state. */
export function initialState(accounts: AccountConfig[], knobs: Partial<Knobs>, templates?: StandinTemplate[]): WechatState {
  return {
    version: 1,
    // Copies: admin changes (setAccount) must not leak into the configuration a reset restores.
    accounts: Object.fromEntries(accounts.map((a) => [a.appid, structuredClone(a)])),
    knobs: { ...DEFAULT_KNOBS, ...knobs, quotas: { ...DEFAULT_KNOBS.quotas, ...knobs.quotas } },
    tokens: {},
    forceRefresh: {},
    counters: {},
    media: {},
    drafts: {},
    jobs: {},
    plannedOutcomes: {},
    events: [],
    templates: templates ? Object.fromEntries(templates.map((t) => [t.id, structuredClone(t)])) : defaultTemplates(),
    subscriptions: {},
    messages: [],
    faults: [],
    seq: { publishId: 2247483648, msgDataId: 2247483648, fault: 0 },
  };
}

const STATE_FILE = 'wechat-state.json';

/** Reads the persisted state, or `undefined` when there is none (or it is unreadable). */
export function loadState(dataDir: string): WechatState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8')) as WechatState;
    return s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the state atomically (temp file + rename). */
export function saveState(dataDir: string, state: WechatState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

/** Uploaded bytes: memory, mirrored to `dataDir/media` when there is one. */
export class MediaStore {
  private readonly mem = new Map<string, Buffer>();
  constructor(private readonly dataDir?: string) {}

  put(key: string, data: Buffer): void {
    this.mem.set(key, data);
    if (this.dataDir) {
      const dir = path.join(this.dataDir, 'media');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, key), data);
    }
  }

  get(key: string): Buffer | undefined {
    const hit = this.mem.get(key);
    if (hit || !this.dataDir || !/^[A-Za-z0-9_-]+$/.test(key)) return hit;
    try {
      const data = fs.readFileSync(path.join(this.dataDir, 'media', key));
      this.mem.set(key, data);
      return data;
    } catch {
      return undefined;
    }
  }

  delete(key: string): void {
    this.mem.delete(key);
  }

  clear(): void {
    this.mem.clear();
  }
}
