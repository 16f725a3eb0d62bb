/**
 * The invocation's clock. In production it is the machine clock. Locally the stand-in owns time
 * (DESIGN.md "One clock") and passes its state on the invocation context as `localClock`, a
 * stand-in extension CloudBase never sends, so tests can walk across days without sleeping.
 */
export interface LocalClockState {
  /** Time stands still at this instant (ms since epoch). */
  fixedAtMs?: number;
  /** Time runs, shifted by this many ms. */
  offsetMs?: number;
}

export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Builds the clock for one invocation from its context. */
export function clockFrom(context: unknown): Clock {
  const state = (context as { localClock?: LocalClockState } | undefined)?.localClock;
  if (state?.fixedAtMs !== undefined) {
    const at = state.fixedAtMs;
    return { now: () => new Date(at) };
  }
  const offset = state?.offsetMs ?? 0;
  return { now: () => new Date(Date.now() + offset) };
}
