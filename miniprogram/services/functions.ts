/**
 * The cloud functions and actions the mini-program calls, with their input and output types.
 * Types only: they come from `cloudfunctions/_shared/contracts/` with `import type` wherever a
 * contract exists there (DevTools packs nothing outside `miniprogramRoot`, so never a runtime
 * import across). Add a function here when its first page needs it.
 */

/** `system.whoami`: the caller's identity as CloudBase injected it. */
export interface WhoAmI {
  openid: string;
  appid?: string;
  source?: string;
}

/** `system.ping`. */
export interface Pong {
  pong: true;
  /** ISO instant from the invocation's clock. */
  now: string;
}

type NoInput = Record<string, never>;

export interface Functions {
  system: {
    ping: { input: NoInput; output: Pong };
    whoami: { input: NoInput; output: WhoAmI };
  };
}

export type FunctionName = keyof Functions;
export type ActionName<F extends FunctionName> = keyof Functions[F] & string;
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends { input: infer I }
  ? I
  : never;
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = Functions[F][A] extends { output: infer O }
  ? O
  : never;
