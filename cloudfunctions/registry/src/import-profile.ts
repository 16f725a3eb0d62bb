/**
 * Phase timings of a census import, for the import benchmark: printed to stderr only when
 * SHOUWANG_PROFILE is set (`SHOUWANG_PROFILE=1 npx tsx bench/…`); otherwise every call is a
 * no-op, so no behaviour and no test depends on them.
 */
const on = (): boolean => !!process.env.SHOUWANG_PROFILE;

/** Prints `[import profile] <label> <data as JSON>` when profiling. */
export function profileLine(label: string, data: unknown): void {
  if (on()) console.error(`[import profile] ${label}`, JSON.stringify(data));
}

/** A phase clock: `lap(name)` records the ms since the previous lap (or `restart()`); `print` prints the laps. */
export function phaseClock(): { restart(): void; lap(name: string): number; print(label: string): void } {
  const laps: [string, number][] = [];
  let at = Date.now();
  return {
    restart: () => {
      at = Date.now();
    },
    lap: (name) => {
      const ms = Date.now() - at;
      if (on()) laps.push([name, ms]);
      at = Date.now();
      return ms;
    },
    print: (label) => profileLine(label, laps),
  };
}
