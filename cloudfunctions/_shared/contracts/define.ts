/**
 * How a domain declares its action table: the one seam between the mini-program and the functions
 * (docs/ARCHITECTURE.md "The seam").
 *
 * ```ts
 * export const careContract = defineContract('care', () => ({
 *   getReport: { summary: '查看一份报告', input: () => z.object({ reportId }).strict(), output: returns<ReportView>() },
 * }));
 * ```
 * - the domain implements every entry through the router (`action(careContract.actions.getReport, { access, handler })`
 *   and `createFunction(careContract, { getReport, … })`): a missing, extra or wrongly shaped
 *   action fails to compile;
 * - `scripts/gen-contracts.ts` turns the table into `miniprogram/contracts/`: the typed call
 *   table pages use (inputs as the schema accepts them, outputs as JSON carries them) plus the
 *   zod-free enums, labels and limits of this folder.
 *
 * Pure TypeScript and zod only: the mini-program type-checks against these files (`import type`),
 * so nothing here may import server code (node-sdk, node: modules, access/ runtime).
 */
import type { z } from 'zod';

/** Type-level marker of what an action answers (no run-time schema: the handler is checked against it). */
export interface Returns<T> {
  readonly returns: true;
  /** Never set; carries `T` for the type checker. */
  readonly __output?: T;
}

/** Declares an action's result type: `output: returns<ReportView>()`. */
export function returns<T>(): Returns<T> {
  return { returns: true };
}

/** One entry of an action table. */
export interface ActionContract<I extends z.ZodType = z.ZodType, O = unknown> {
  /** One line in Chinese saying what it does (docs, the access matrix's readers). */
  summary: string;
  /** Input schema; validated by the router before anything else runs. */
  input: I;
  /** What the handler answers (instants are `Date`s here and ISO strings on the wire). */
  output: Returns<O>;
  /**
   * Timer or operator work that no mini-program user may call (the implementation must declare
   * `access: { internal: true }`); left out of the mini-program's call table.
   */
  internal?: true;
}

/**
 * An entry as a contract file declares it: `input` may be a function returning the schema
 * (`input: () => z.object({ … })`), which the contract calls once, on the entry's first read of
 * `input` — a cold start builds only the schemas of the actions it runs.
 */
export type ActionDecl<I extends z.ZodType = z.ZodType, O = unknown> = Omit<ActionContract<I, O>, 'input'> & { input: I | (() => I) };

/** A declared entry with its input schema as the router reads it. */
export type Resolved<D> = D extends { input: infer X } ? Omit<D, 'input'> & { input: X extends (...args: never[]) => infer S ? S : X } : never;

/** An entry as `defineContract` returns it: stamped with its function and action name. */
export type BoundAction<F extends string = string, K extends string = string, A extends ActionContract<any, any> = ActionContract<any, any>> = A & {
  readonly fn: F;
  readonly name: K;
};

/** A domain's whole action table. */
export interface Contract<F extends string = string, A extends Record<string, ActionContract<any, any>> = Record<string, ActionContract<any, any>>> {
  readonly fn: F;
  readonly actions: { readonly [K in keyof A & string]: BoundAction<F, K, A[K]> };
}

/**
 * Declares a function's action table.
 *
 * Pass the table as a function (`defineContract('care', () => ({ … }))`) and it is built on the
 * first read of `.actions`, then kept; an entry whose `input` is a function builds its schema on
 * the first read of that entry's `input`. A function that imports another domain's contract file
 * for its labels never builds that table, and a function's own table costs closures, not schemas,
 * until an action runs (issue 14: zod schema construction was the largest part of a function's
 * load after node-sdk itself).
 * @param fn the cloud function (domain) name
 * @param actions every action the function answers, by name (or a function returning them)
 */
export function defineContract<const F extends string, const A extends Record<string, ActionDecl<any, any>>>(
  fn: F,
  actions: A | (() => A),
): Contract<F, { [K in keyof A]: Resolved<A[K]> }> {
  type Bound = Contract<F, { [K in keyof A]: Resolved<A[K]> }>['actions'];
  let bound: Bound | undefined;
  const build = (): Bound => {
    const table: Record<string, unknown> = {};
    for (const [name, a] of Object.entries(typeof actions === 'function' ? actions() : actions)) {
      const { input, ...rest } = a as ActionDecl;
      const entry = { ...rest, fn, name } as Record<string, unknown>;
      if (typeof input === 'function') {
        let schema: z.ZodType | undefined;
        Object.defineProperty(entry, 'input', { enumerable: true, get: () => (schema ??= input()) });
      } else {
        entry.input = input;
      }
      table[name] = Object.freeze(entry);
    }
    return Object.freeze(table) as Bound;
  };
  if (typeof actions !== 'function') bound = build();
  return Object.freeze({
    fn,
    get actions() {
      return (bound ??= build());
    },
  });
}

/** What the caller sends (fields with defaults are optional). */
export type InputOf<A> = A extends ActionContract<infer I, any> ? z.input<I> : never;
/** What the handler receives after validation. */
export type ParsedInputOf<A> = A extends ActionContract<infer I, any> ? z.output<I> : never;
/** What the handler answers. */
export type OutputOf<A> = A extends { output: Returns<infer O> } ? O : never;

/** Keys of `T` whose value may be `undefined`. */
type UndefinedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/**
 * A value as JSON carries it to the mini-program: instants (`Date`) arrive as ISO strings, and a
 * property whose value may be `undefined` may be absent (JSON drops it); the rest is unchanged.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends (...args: never[]) => unknown
      ? never
      : T extends object
        ? { [K in Exclude<keyof T, UndefinedKeys<T>>]: Wire<T[K]> } & { [K in UndefinedKeys<T>]?: Wire<Exclude<T[K], undefined>> }
        : T;

/** The call table of one function as the mini-program sees it (internal actions left out). */
export type ClientTable<C extends Contract> = {
  [K in keyof C['actions'] as C['actions'][K] extends { internal: true } ? never : K]: {
    input: InputOf<C['actions'][K]>;
    output: Wire<OutputOf<C['actions'][K]>>;
  };
};
