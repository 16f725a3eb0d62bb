/**
 * The date-sensitive tests really run under both zones: this file runs in the `node` project
 * (TZ=UTC from `npm test`) and in `node Asia/Shanghai` (tests/helpers/tz-environment.ts). If the
 * switch stopped working, every other `*.dates.test.ts` would silently run twice under one zone.
 */
declare const __SHOUWANG_TEST_ZONE__: string | undefined;

test('the process runs in the zone its project names', () => {
  const named = typeof __SHOUWANG_TEST_ZONE__ === 'string' ? __SHOUWANG_TEST_ZONE__ : process.env.TZ;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // 2025-01-01T00:00Z is 08:00 in Shanghai and 00:00 in UTC.
  const hour = new Date(Date.UTC(2025, 0, 1)).getHours();
  if (named === 'Asia/Shanghai') {
    expect(zone).toBe('Asia/Shanghai');
    expect(hour).toBe(8);
  } else if (named === 'UTC') {
    expect(zone).toBe('UTC');
    expect(hour).toBe(0);
  } else {
    // Run by hand without TZ: nothing to compare against.
    expect(named).toBeUndefined();
  }
});
