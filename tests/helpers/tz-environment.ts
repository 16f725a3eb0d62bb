/**
 * Jest's node environment under another time zone, for the `*.dates.test.ts` files' second run
 * (DESIGN.md "Time": every date rule must hold whatever the server's zone). It sets the worker
 * process's `TZ` before the test file loads and puts the previous zone back after it, so the
 * date tests run under Asia/Shanghai in the same jest run and the same workers as the rest
 * (Node re-reads `process.env.TZ` on assignment; stand-in function workers started by the test
 * inherit it). A worker runs one test file at a time, so nothing else sees the switch.
 *
 * Project config: `testEnvironmentOptions: { timeZone: 'Asia/Shanghai' }`.
 */
import NodeEnvironment from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';

export default class TimeZoneEnvironment extends NodeEnvironment {
  private readonly previous: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const previous = process.env.TZ;
    const zone = config.projectConfig.testEnvironmentOptions.timeZone;
    if (typeof zone !== 'string' || !zone) throw new Error('tz-environment: testEnvironmentOptions.timeZone is required');
    // Before super(): the test's own `process.env` is a copy taken there.
    process.env.TZ = zone;
    super(config, context);
    this.previous = previous;
    // Lets tests/unit/time-zone.dates.test.ts tell which run it is in.
    this.global.__SHOUWANG_TEST_ZONE__ = zone;
  }

  async teardown(): Promise<void> {
    await super.teardown();
    if (this.previous === undefined) delete process.env.TZ;
    else process.env.TZ = this.previous;
  }
}
