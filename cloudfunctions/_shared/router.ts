import { z } from 'zod';
import type { Envelope } from './contracts/envelope';
import { AppError } from './errors';
import { ok, fail, failFromError } from './envelope';
import { readIdentity } from './identity';
import { clockFrom } from './clock';
import { cloud } from './cloud';
import type { ActionContext } from './context';
import type { ActionContract, BoundAction, Contract, OutputOf, ParsedInputOf } from './contracts/define';
import { DOMAIN_EVENTS, type EventData, type EventName, type EventsTo } from './contracts/events';
import { authorizeCaller, authorizeTarget, auditAfterSuccess } from './access/runtime';
import type { AccessSpec, ExampleBuilder } from './access/spec';
import { describeIssues, validationMessage } from './issues';
import { shanghaiDayOf, withValidationDay } from './contracts/fields';

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

/** One implemented action as the router runs it: the contract entry plus who may call and what it does. */
export interface ActionSpec {
  /** From the contract: one line saying what it does. */
  summary: string;
  /** From the contract: validated before anything else runs. */
  input: z.ZodType;
  /** Who may call it (deny by default). */
  access: AccessSpec;
  /** Does the work; throws AppError for expected failures. */
  handler: (input: any, ctx: ActionContext) => Promise<unknown>;
  /**
   * A valid input (documentation, like an OpenAPI example), built inside or outside the caller's
   * scope; the access-matrix test calls every action with it. Required for every action.
   */
  example?: ExampleBuilder;
  /** The contract entry this implements. */
  contract: BoundAction;
}

/** What a domain writes for one entry of its contract. */
export interface ActionImpl<A extends ActionContract<any, any>> {
  /** Who may call it; an entry the contract marks `internal` must be `{ internal: true }`. */
  access: A extends { internal: true } ? { internal: true } : AccessSpec;
  /** A valid input for the access-matrix test (see ActionSpec.example). */
  example?: ExampleBuilder;
  /** Does the work on the validated input; must answer the contract's output type. */
  handler: (input: ParsedInputOf<A>, ctx: ActionContext) => Promise<OutputOf<A>>;
}

/** An implemented contract entry (typed by the entry, so `createFunction` can check the table). */
export type ImplementedAction<A extends BoundAction = BoundAction> = ActionSpec & {
  readonly contract: A;
  readonly handler: (input: ParsedInputOf<A>, ctx: ActionContext) => Promise<OutputOf<A>>;
};

/**
 * Implements one entry of a domain's contract: summary and input come from the contract, the
 * handler is type-checked against the contract's input and output.
 */
export function action<A extends BoundAction>(entry: A, impl: ActionImpl<A>): ImplementedAction<A> {
  // `input` is read through the entry, not copied: the entry builds its schema on first use
  // (contracts/define.ts), and defining an action must not build it (a cold start defines all).
  return {
    summary: entry.summary,
    get input() {
      return entry.input;
    },
    access: impl.access as AccessSpec,
    handler: impl.handler,
    example: impl.example,
    contract: entry,
  } as ImplementedAction<A>;
}

/** Every entry of contract `C`, implemented. */
export type Implementations<C extends Contract> = { [K in keyof C['actions']]: ImplementedAction<C['actions'][K]> };

/** How a function handles each domain event it receives (contracts/events.ts). */
export type EventHandlers<F extends string> = { [E in EventsTo<F>]: (data: EventData<E>, ctx: ActionContext) => Promise<unknown> };

/** `createFunction`'s options: required (with `on`) for a function that receives events. */
type FunctionOptions<F extends string> = [EventsTo<F>] extends [never] ? [] : [options: { on: EventHandlers<F> }];

/** True when the invocation came from another function (SOURCE ends in `scf`, e.g. `wx_client,scf`). */
function fromFunction(source: string): boolean {
  return source.split(',').pop() === 'scf';
}

/** A deployable cloud function: its actions, and `main` for CloudBase. */
export interface CloudFunction {
  name: string;
  actions: Record<string, ActionSpec>;
  main: (event: unknown, context: unknown) => Promise<Envelope<unknown>>;
}


/**
 * Builds a function from its contract and one implementation per entry (a missing, extra or
 * mismatched entry fails to compile, and — should a cast hide it — to start).
 * Event: `{ action, data }` from `wx.cloud.callFunction`, a CloudBase timer event
 * (`{ Type: 'Timer', TriggerName }`, routed to the action named like the trigger), or a domain
 * event `{ event, data }` from another function (`options.on`; refused unless the caller is a
 * function).
 * Result: the envelope `{ ok: true, data } | { ok: false, error: { code, message, details? } }`.
 */
export function createFunction<C extends Contract, M extends Implementations<C>>(
  contract: C,
  implementations: M & { [K in Exclude<keyof M, keyof C['actions']>]: never },
  ...options: FunctionOptions<C['fn']>
): CloudFunction {
  const name = contract.fn;
  const handlers = ((options[0] as { on?: Record<string, (data: unknown, ctx: ActionContext) => Promise<unknown>> } | undefined)?.on ?? {}) as Record<
    string,
    (data: unknown, ctx: ActionContext) => Promise<unknown>
  >;
  for (const [event, spec] of Object.entries(DOMAIN_EVENTS)) {
    if ((spec.to as readonly string[]).includes(name) && !handlers[event]) throw new Error(`${name} receives ${event} but does not handle it`);
  }
  const actions = implementations as unknown as Record<string, ActionSpec>;
  for (const [key, spec] of Object.entries(actions)) {
    if (spec.contract.fn !== name || spec.contract.name !== key) throw new Error(`${name}.${key} implements ${spec.contract.fn}.${spec.contract.name}`);
  }
  for (const key of Object.keys(contract.actions)) if (!actions[key]) throw new Error(`${name}.${key} is in the contract but not implemented`);
  /** A domain event from another function: `{ event, data }`. */
  async function onEvent(eventName: string, data: unknown, event: unknown, context: unknown): Promise<Envelope<unknown>> {
    const handler = Object.prototype.hasOwnProperty.call(handlers, eventName) ? handlers[eventName] : undefined;
    if (!handler) return fail('UNKNOWN_EVENT', '未知的事件', { event: eventName });
    const identity = readIdentity(context);
    if (!fromFunction(identity.source)) return fail('FORBIDDEN');
    const parsed = DOMAIN_EVENTS[eventName as EventName].data.safeParse(data ?? {});
    if (!parsed.success) return fail('VALIDATION_FAILED', undefined, { issues: describeIssues(parsed.error, DOMAIN_EVENTS[eventName as EventName].data, data) });
    const ctx: ActionContext = { fn: name, action: eventName, identity, now: clockFrom(context).now, app: cloud(), raw: { event, context } };
    try {
      return ok(await handler(parsed.data, ctx));
    } catch (err) {
      if (!(err instanceof AppError)) console.error(`[${name} on ${eventName}]`, err);
      return failFromError(err);
    }
  }

  async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
    const ev = (event ?? {}) as { action?: unknown; event?: unknown; data?: unknown; Type?: string; TriggerName?: string };
    if (typeof ev.event === 'string' && ev.action === undefined) return onEvent(ev.event, ev.data, event, context);
    const actionName = ev.Type === 'Timer' ? ev.TriggerName : ev.action;
    if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(actions, actionName)) {
      return fail('UNKNOWN_ACTION', undefined, { action: String(actionName) });
    }
    const spec = actions[actionName];
    const clock = clockFrom(context);
    const data = ev.Type === 'Timer' ? {} : (ev.data ?? {});
    const ctx: ActionContext = {
      fn: name,
      action: actionName,
      identity: readIdentity(context),
      now: clock.now,
      app: cloud(),
      raw: { event, context },
    };
    try {
      // Who may call, before what they sent (an unbound caller learns nothing of the input's shape).
      await authorizeCaller(spec.access, ctx);
      // "Today" of the field checks (a birth date not in the future) is the invocation's day.
      const parsed = withValidationDay(shanghaiDayOf(clock.now()), () => spec.input.safeParse(data));
      if (!parsed.success) {
        const issues = describeIssues(parsed.error, spec.input, data, `${name}.${actionName}`);
        return fail('VALIDATION_FAILED', validationMessage(issues), { issues });
      }
      await authorizeTarget(spec.access, ctx, parsed.data);
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
