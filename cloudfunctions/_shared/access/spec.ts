/**
 * How an action declares who may call it and on what data (the contract every capability uses;
 * docs/access.md "For developers").
 *
 * ```ts
 * getChild: action({
 *   summary: '查看儿童档案',
 *   input: z.object({ childId: z.string() }).strict(),
 *   access: { roles: ['parent', 'villageOfficer', 'countyAdmin'], target: childTarget((i) => i.childId), audit: 'read' },
 *   example: (w) => ({ childId: w.side.childId }),
 *   handler: async (input, ctx) => presentChild(ctx.grant!.target!.doc, ctx.grant!.role),
 * })
 * ```
 * The router, before the handler: resolves the caller (`ctx.actor`), keeps the bindings whose role
 * is listed, loads the target document by the id taken from the input, reads where the document
 * sits (`scopeOf(doc)` — from the data, never from the request), and allows the call only when one
 * of those bindings reaches it (or an open break-glass grant covers it). After the handler
 * succeeds it appends the audit entry. Everything else is denied.
 */
import type { Binding, TargetScope } from './scope';
import type { RoleName } from './roles';

/** What kind of event an audit entry records. */
export type AuditOp =
  | 'read'
  | 'write'
  | 'search'
  | 'stats'
  | 'export'
  | 'binding'
  | 'invitation'
  | 'breakGlass'
  | 'consent'
  | 'correction'
  | 'erase'
  | 'reveal';

/** What an audit entry records besides who and when. */
export interface AuditInput {
  op: AuditOp;
  /** What was touched; omit for queries over many records. */
  target?: { kind: string; id: string };
  /** Region of the data (for the county admin's audit view). */
  regionCode?: string;
  /** Free text reason (break-glass, reveal, erasure). Never put names or numbers in it. */
  reason?: string;
  /** Number of records a search/statistics/export query returned (one entry per query). */
  count?: number;
  /** Field keys/paths read in full (reveal). */
  fields?: string[];
  /** Extra ids (never personal data). */
  refs?: Record<string, string>;
  /**
   * Records the caller under this pseudonym instead of their person id or openid (anonymous
   * helpline requesters: one pseudonym per request, so the audit log never says who asked).
   */
  pseudonym?: string;
}

/** One stored audit entry (collection `auditLog`; insert-only). */
export interface AuditEntry extends AuditInput {
  at: Date;
  /** `<function>.<action>`. */
  action: string;
  /**
   * Who: a bound person's id; for an unbound caller a keyed hash of their openid (`callerKey`,
   * never the openid itself: no plaintext openid at rest); an anonymous or named helpline
   * requester's request pseudonym.
   */
  actor: { personId?: string; callerKey?: string; pseudonym?: string };
  role: RoleName | 'system';
  /** Break-glass grant id when the access used one. */
  breakGlass?: string;
}

/**
 * A kind of data an action can act on, and where a document of that kind sits.
 * @typeParam I the action's validated input
 * @typeParam D the stored document
 */
export interface TargetSpec<I = any, D = any> {
  /** Audit target kind, e.g. `child`, `invitation`, `visit`. */
  kind: string;
  /** Collection the document is loaded from. */
  collection: string;
  /** Which document: taken from the validated input. */
  id: (input: I) => string;
  /** Where the loaded document sits (region, children, school, team). */
  scopeOf: (doc: D) => TargetScope;
}

/** Roles-based access (deny by default). */
export interface RolesAccess {
  /**
   * Roles that may call. `public` means any identified WeChat user (bound or not).
   * A binding of one of these roles must also reach the target, when there is one.
   */
  roles: readonly RoleName[];
  /** The data the action touches; the router loads it and checks scope on it. */
  target?: TargetSpec;
  /**
   * `handler`: the handler checks scope on the data it touches itself (lists filtered with
   * `scopeFilter`, creation checked with `scopeCovers`…). Declared so the access matrix gives
   * the action in-scope and out-of-scope rows.
   */
  dataScope?: 'handler';
  /** Audit entry the router appends after success when there is a target; default `read`; `false` for none. */
  audit?: AuditOp | false;
  /** Whether an open break-glass grant lets out-of-scope township/county staff in; default: when `audit` is `read`. */
  breakGlass?: boolean;
}

/**
 * Who may call an action.
 * - `{ public: true }`: anyone, even with no WeChat identity (health checks, public reads);
 * - `{ internal: true }`: only calls with no WeChat user (timer triggers, function-to-function);
 *   every mini-program caller is denied;
 * - otherwise `RolesAccess`.
 */
export type AccessSpec = { public: true } | { internal: true } | RolesAccess;

/** The caller, resolved once per invocation from the openid in the invocation context. */
export interface Actor {
  openid: string;
  /** Undefined for a WeChat user never bound to a person (role `public` only). */
  personId?: string;
  /** Active bindings. */
  bindings: Binding[];
  /** The role the mini-program's role switcher selected (`accounts.switchRole`). */
  activeRole?: RoleName;
}

/** Why the router let a call through. */
export interface Grant {
  /** The role the call acts as (audit `role`; the masking column to apply). */
  role: RoleName;
  /** The binding that allowed it (undefined for `public`). */
  binding?: Binding;
  /** The loaded target, when the action declares one. */
  target?: { kind: string; id: string; doc: any; scope: TargetScope };
  /** Set when only a break-glass grant allowed the call. */
  breakGlass?: { grantId: string; expiresAt: Date };
}

/** Data of one side of the access-matrix world (see tests/functions/access-matrix.test.ts). */
export interface ExampleSide {
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  /** A child file in this side's village and school. */
  childId: string;
  schoolId: string;
  teamId: string;
  /** A community directory entry (kind `centre`) serving this side's township. */
  siteId: string;
}

/**
 * What an action's `example` builder gets: `side` is data inside the caller's scope (matrix
 * scope `in` or `n/a`) or outside it (`out`). Examples document a valid input, like OpenAPI
 * examples, and let the matrix test call every action generically.
 */
export interface ExampleWorld {
  role: RoleName;
  scope: 'in' | 'out' | 'n/a';
  side: ExampleSide;
  /** The caller; personId is undefined for `public`. */
  caller: { openid: string; personId?: string };
  /** Inserts a document directly into the database (test setup) and returns its `_id`. */
  insert(collection: string, doc: Record<string, unknown>): Promise<string>;
  /** A fresh unique string (request ids, names). */
  unique(): string;
  /** The stand-in clock's now. */
  now: Date;
  /** The CloudBase environment id the functions run in (a valid fileID names it: `cloud://<envId>.<bucket>/…`). */
  envId: string;
}

/** An action's example input builder. */
export type ExampleBuilder = (w: ExampleWorld) => unknown | Promise<unknown>;
