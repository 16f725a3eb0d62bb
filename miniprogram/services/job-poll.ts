/**
 * Driving a long server job from a page (the census import, a school's roll check): the page
 * calls the job's `advance` action until the job says `done`, showing each answer. The functions
 * answer `busy` with `retryAfterMs` while another caller holds the job's lease, and a call that
 * timed out (FUNCTION_FAILED) is simply made again: the job resumes where it stopped.
 */
import type { Envelope, ErrorBody } from '../contracts/index';

/** What every pollable job answers. */
export interface JobProgress {
  jobId: string;
  status: string;
  busy?: boolean;
  retryAfterMs?: number;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long to wait before the next call: the job's own hint while busy, kept within 0.2–3 s; none otherwise. */
export function nextPollDelay(p: { busy?: boolean; retryAfterMs?: number }): number {
  return p.busy ? Math.min(Math.max(p.retryAfterMs ?? 500, 200), 3000) : 0;
}

/**
 * Calls `advance` until the job is done or `keepGoing()` turns false (the page was left or the
 * person stopped it), passing every answer to `onProgress`.
 * @returns the last progress, or the error that stopped the job (anything but FUNCTION_FAILED)
 */
export async function pollJob<P extends JobProgress>(
  start: P,
  advance: (jobId: string) => Promise<Envelope<P>>,
  onProgress: (p: P) => void,
  keepGoing: () => boolean,
): Promise<{ ok: true; progress: P } | { ok: false; error: ErrorBody }> {
  let p = start;
  while (p.status !== 'done' && keepGoing()) {
    const res = await advance(p.jobId);
    if (!res.ok) {
      if (res.error.code === 'FUNCTION_FAILED') {
        await wait(1000);
        continue;
      }
      return { ok: false, error: res.error };
    }
    p = res.data;
    onProgress(p);
    const delay = nextPollDelay(p);
    if (delay) await wait(delay);
  }
  return { ok: true, progress: p };
}
