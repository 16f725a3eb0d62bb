import { z } from 'zod';
import type { Envelope } from './contracts/envelope';
import { AppError } from './errors';
import { ok, fail, failFromError } from './envelope';
import { readIdentity, type Identity } from './identity';
import { clockFrom } from './clock';
import { cloud, type CloudApp } from './cloud';
import { authorize, auditAfterSuccess, type AccessSpec, type Actor, type AuditInput, type ExampleBuilder, type Grant } from './access';

// Users read validation messages, so zod speaks Chinese: the zh-CN locale, plus plain wording for
// the common cases (its defaults name types in English, e.g. "期望 string"). A message a schema
// sets itself always wins over these.
z.config(z.locales.zhCN());
z.config({ customError: plainChineseMessage });

/** Plain Chinese for the validation failures people hit most; undefined → zod's zh-CN text. */
export function plainChineseMessage(iss: { code?: string; input?: unknown; expected?: unknown; origin?: unknown; minimum?: unknown; maximum?: unknown }): string | undefined {
  const n = (v: unknown) => String(v);
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '必填';
      return ({ string: '应为文字', number: '应为数字', int: '应为整数', boolean: '应为“是”或“否”', array: '应为列表', object: '格式不正确', date: '应为日期' } as Record<string, string>)[n(iss.expected)] ?? '格式不正确';
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? '不能为空' : `至少${n(iss.minimum)}个字`;
      if (iss.origin === 'array' || iss.origin === 'set') return `至少选择${n(iss.minimum)}项`;
      if (iss.origin === 'number' || iss.origin === 'int') return `不能小于${n(iss.minimum)}`;
      return undefined;
    case 'too_big':
      if (iss.origin === 'string') return `不能超过${n(iss.maximum)}个字`;
      if (iss.origin === 'array' || iss.origin === 'set') return `最多${n(iss.maximum)}项`;
      if (iss.origin === 'number' || iss.origin === 'int') return `不能大于${n(iss.maximum)}`;
      return undefined;
    default:
      return undefined;
  }
}

/** Everything a handler gets besides its validated input. */
export interface ActionContext {
  /** Function (domain) name, e.g. `system`. */
  fn: string;
  /** Action name, e.g. `ping`. */
  action: string;
  /** The caller, from the invocation context only. */
  identity: Identity;
  /** The invocation's clock (the stand-in's clock locally). */
  now(): Date;
  /** node-sdk app; `ctx.app.database()` for data. */
  app: CloudApp;
  /** Raw invocation, for the rare action that needs it (e.g. timer triggers). */
  raw: { event: unknown; context: unknown };
  /** The caller's person and bindings (set by the router for role-based actions; see access/). */
  actor?: Actor;
  /** Why the call was allowed: role acted as, binding, loaded target, break-glass (set by the router). */
  grant?: Grant;
  /** Extra fields (e.g. `reason`) for the audit entry the router appends after a targeted action. */
  auditExtra?: Partial<AuditInput>;
}

/** One action: its contract, who may call it, and what it does. */
export interface ActionSpec<S extends z.ZodType = z.ZodType, O = unknown> {
  /** One line in Chinese or English saying what it does (feeds docs/actions.md). */
  summary: string;
  /** Input schema; validated before anything else runs. */
  input: S;
  /** Who may call it (deny by default). */
  access: AccessSpec;
  /** Does the work; throws AppError for expected failures. */
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<O>;
  /**
   * A valid input (documentation, like an OpenAPI example), built inside or outside the caller's
   * scope; the access-matrix test calls every action with it. Required for every action.
   */
  example?: ExampleBuilder;
}

/** Identity helper that keeps the handler's input type inferred from `input`. */
export function action<S extends z.ZodType, O>(spec: ActionSpec<S, O>): ActionSpec<S, O> {
  return spec;
}

/** A deployable cloud function: its actions, and `main` for CloudBase. */
export interface CloudFunction {
  name: string;
  actions: Record<string, ActionSpec>;
  main: (event: unknown, context: unknown) => Promise<Envelope<unknown>>;
}

/** Turns zod issues into `{ path, message }` pairs naming each field. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Builds a function with an action router.
 * Event: `{ action, data }` from `wx.cloud.callFunction`, or a CloudBase timer event
 * (`{ Type: 'Timer', TriggerName }`, routed to the action named like the trigger).
 * Result: the envelope `{ ok: true, data } | { ok: false, error: { code, message, details? } }`.
 */
export function createFunction(name: string, actions: Record<string, ActionSpec<any, any>>): CloudFunction {
  async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
    const ev = (event ?? {}) as { action?: unknown; data?: unknown; Type?: string; TriggerName?: string };
    const actionName = ev.Type === 'Timer' ? ev.TriggerName : ev.action;
    if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(actions, actionName)) {
      return fail('UNKNOWN_ACTION', undefined, { action: String(actionName) });
    }
    const spec = actions[actionName];
    const parsed = spec.input.safeParse(ev.Type === 'Timer' ? {} : (ev.data ?? {}));
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      return fail('VALIDATION_FAILED', first ? `${first.path || '输入'}：${first.message}` : undefined, { issues });
    }
    const clock = clockFrom(context);
    const ctx: ActionContext = {
      fn: name,
      action: actionName,
      identity: readIdentity(context),
      now: clock.now,
      app: cloud(),
      raw: { event, context },
    };
    try {
      await authorize(spec.access, ctx, parsed.data);
      const result = await spec.handler(parsed.data, ctx);
      await auditAfterSuccess(spec.access, ctx);
      return ok(result);
    } catch (err) {
      if (!(err instanceof AppError)) console.error(`[${name}.${actionName}]`, err);
      return failFromError(err);
    }
  }
  return { name, actions, main };
}
