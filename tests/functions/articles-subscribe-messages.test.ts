/**
 * Issue 8's subscribe-message acceptance at function level (the helper's own tests are in
 * tests/wechat): a function sends through `app.callWxOpenApi` → CloudBase stand-in → WeChat
 * stand-in. A value longer than its keyword limit arrives shortened (and is accepted, not
 * rejected with 47003); a send without a credit is recorded as 43101 once, never retried.
 * Uses the test-only `wxprobe` function (tests/fixtures/functions-wechat).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { startTestStack, type TestStack } from '../helpers/stack';

jest.setTimeout(60_000);

let t: TestStack;
let buildDir: string;
beforeAll(async () => {
  buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'articles-subscribe-build-'));
  await buildFunctions({ sourceRoot: path.join(__dirname, '..', 'fixtures', 'functions-wechat'), outDir: buildDir, writeCloudbaserc: false, copyMiniprogramNpm: false, minify: false });
  t = await startTestStack({ functionsDir: buildDir });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  fs.rmSync(buildDir, { recursive: true, force: true });
});

test('an over-long value is shortened to its limit and delivered; without a credit, 43101 is recorded once', async () => {
  const touser = 'oPARENT_li_0000000002';
  t.wechat.admin.grantSubscription(touser, 'TPL_CHECKIN', 1);
  const note = '孩子已经有十四天没有和在外务工的父母通过电话或视频联系了，请尽快联系';
  expect(Array.from(note).length).toBeGreaterThan(20);
  const sent = await t.call<{ status: string; errcode: number; data: Record<string, { value: string }> }>('wxprobe', 'notify', { touser, child: '李*华', note });
  expect(sent).toMatchObject({ ok: true, data: { status: 'sent', errcode: 0 } });
  const delivered = t.wechat.admin.state().messages.at(-1)!;
  expect(delivered.errcode).toBe(0);
  const thing2 = (delivered.data as Record<string, { value: string }>).thing2.value;
  expect(Array.from(thing2)).toHaveLength(20);
  expect(thing2.endsWith('…')).toBe(true);
  expect(note.startsWith(thing2.slice(0, -1))).toBe(true);

  const again = await t.call('wxprobe', 'notify', { touser, child: '李*华', note: '再次提醒' });
  expect(again).toMatchObject({ ok: true, data: { status: 'failed', errcode: 43101, attempts: 1 } });
  expect(t.wechat.admin.state().messages.map((m) => m.errcode)).toEqual([0, 43101]);
});
