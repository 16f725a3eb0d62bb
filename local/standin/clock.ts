/**
 * The stand-in's clock (DESIGN.md "One clock"): either the machine clock shifted by an offset, or
 * frozen at an instant. It resolves `serverDate`, is passed to invocations as
 * `context.localClock`, and drives timer triggers through `onChange`.
 */
import type { LocalClockState } from '../../cloudfunctions/_shared/clock';
import type { StandinClock } from './types';

/**
 * Creates a clock that starts on the machine time.
 *
 * @returns a {@link StandinClock}; listeners run synchronously after every change, and a
 *   listener that throws is logged and does not stop the others
 */
export function createClock(): StandinClock {
  let fixedAtMs: number | undefined;
  let offsetMs = 0;
  const listeners = new Set<() => void>();

  const changed = (): void => {
    for (const l of [...listeners]) {
      try {
        l();
      } catch (err) {
        console.error('[standin] clock listener failed', err);
      }
    }
  };

  return {
    now(): Date {
      return new Date(fixedAtMs ?? Date.now() + offsetMs);
    },
    state(): LocalClockState {
      if (fixedAtMs !== undefined) return { fixedAtMs };
      return offsetMs === 0 ? {} : { offsetMs };
    },
    set(at: Date): void {
      const ms = at.getTime();
      if (!Number.isFinite(ms)) throw new RangeError('无效的时间');
      fixedAtMs = ms;
      offsetMs = 0;
      changed();
    },
    offset(ms: number): void {
      if (!Number.isFinite(ms)) throw new RangeError('无效的时间偏移');
      fixedAtMs = undefined;
      offsetMs = ms;
      changed();
    },
    reset(): void {
      fixedAtMs = undefined;
      offsetMs = 0;
      changed();
    },
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
