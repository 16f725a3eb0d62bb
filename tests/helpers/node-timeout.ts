/**
 * Node tests get 30 s per test (Jest's default is 5 s). Stacks start worker threads and functions
 * bundle on first call; on a busy two-core machine that alone can take seconds. No test may
 * depend on an idle machine: how fast something is belongs in bench/, not in a pass/fail timeout.
 * A test that sets its own timeout keeps it.
 */
jest.setTimeout(30_000);
