/**
 * What every handler gets besides its validated input (the router builds it per invocation).
 * Its own module so that the router, access/ and the data helpers can all name it without
 * importing each other.
 */
import type { CloudApp } from './cloud';
import type { Identity } from './identity';
import type { Actor, AuditInput, Grant } from './access/spec';

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

/** The node-sdk database of an invocation (`ctx.app.database()`). */
export type Db = ReturnType<CloudApp['database']>;

/**
 * Timer work a domain hands to the `scheduler` function (`<domain>/src/timers.ts` exports a list
 * of these). Every run must be safe to repeat, even concurrently: the scheduler runs the list
 * every minute and a missed minute is caught up by the next.
 */
export interface TimerWork {
  /** Key of this work in the scheduler's result, e.g. `visitReminders`. */
  name: string;
  /** What it does (one line). */
  summary: string;
  /** Does one round of the work; the result is logged in the scheduler's answer. */
  run(ctx: ActionContext): Promise<unknown>;
}
