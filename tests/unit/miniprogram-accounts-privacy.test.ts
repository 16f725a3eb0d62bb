/**
 * The privacy handshake (miniprogram/services/privacy.ts, components/privacy-popup, app.ts):
 * WeChat's `onNeedPrivacyAuthorization` is registered once at launch; a pending privacy API is
 * answered with the user's choice; with no prompt on screen nothing hangs; and agreeing is only
 * possible through `<button open-type="agreePrivacyAuthorization">`.
 *
 * The module is loaded with `require` and typed by the interface below, so the node typecheck
 * does not pull the mini-program's global `wx` typings into this program.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Resolve = (o: { event: string; buttonId?: string }) => void;
interface PrivacyModule {
  PRIVACY_AGREE_BUTTON_ID: string;
  registerPrivacyAuthorization(api?: unknown): boolean;
  onPrivacyRequest(show: (referrer: string) => void): () => void;
  answerPrivacy(agree: boolean, buttonId?: string): void;
  notePrivacyExposure(): void;
  privacyPending(): boolean;
  requirePrivacyAuthorization(api?: unknown): Promise<boolean>;
  resetPrivacyForTests(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const privacy: PrivacyModule = require('../../miniprogram/services/privacy');

interface FakeWechat {
  listener?: (resolve: Resolve, info: { referrer: string }) => void;
  agreed: boolean;
  answers: { event: string; buttonId?: string }[];
  onNeedPrivacyAuthorization: jest.Mock;
  requirePrivacyAuthorize: jest.Mock;
}

/** WeChat as documented: requirePrivacyAuthorize fires the listener until the user agreed. */
function fakeWechat(): FakeWechat {
  const w: FakeWechat = {
    listener: undefined as undefined | ((resolve: Resolve, info: { referrer: string }) => void),
    agreed: false,
    answers: [] as { event: string; buttonId?: string }[],
    onNeedPrivacyAuthorization: jest.fn((l: (resolve: Resolve, info: { referrer: string }) => void) => (w.listener = l)),
    requirePrivacyAuthorize: jest.fn(({ success, fail }: { success: () => void; fail: (e: { errMsg: string }) => void }) => {
      if (w.agreed) return success();
      w.listener!((o: { event: string; buttonId?: string }) => {
        w.answers.push(o);
        if (o.event === 'agree') {
          w.agreed = true;
          success();
        }
        if (o.event === 'disagree') fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' });
      }, { referrer: 'requirePrivacyAuthorize' });
    }),
  };
  return w;
}

beforeEach(() => privacy.resetPrivacyForTests());

test('the prompt shows, and agreeing lets the privacy API go ahead (once; later calls do not ask)', async () => {
  const w = fakeWechat();
  expect(privacy.registerPrivacyAuthorization(w)).toBe(true);
  expect(privacy.registerPrivacyAuthorization(w)).toBe(true);
  expect(w.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);

  const shown: string[] = [];
  privacy.onPrivacyRequest((referrer) => {
    shown.push(referrer);
    privacy.notePrivacyExposure();
  });
  const first = privacy.requirePrivacyAuthorization(w);
  expect(shown).toEqual(['requirePrivacyAuthorize']);
  expect(privacy.privacyPending()).toBe(true);
  privacy.answerPrivacy(true);
  await expect(first).resolves.toBe(true);
  expect(w.answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: privacy.PRIVACY_AGREE_BUTTON_ID }]);
  expect(privacy.privacyPending()).toBe(false);

  await expect(privacy.requirePrivacyAuthorization(w)).resolves.toBe(true);
  expect(shown).toHaveLength(1);
});

test('refusing fails the pending API; with no prompt on screen it is declined instead of hanging', async () => {
  const w = fakeWechat();
  privacy.registerPrivacyAuthorization(w);
  const off = privacy.onPrivacyRequest(() => undefined);
  const refused = privacy.requirePrivacyAuthorization(w);
  privacy.answerPrivacy(false);
  await expect(refused).resolves.toBe(false);

  off();
  await expect(privacy.requirePrivacyAuthorization(w)).resolves.toBe(false);
  expect(w.answers).toEqual([{ event: 'disagree' }, { event: 'disagree' }]);
});

test('only the top page prompt is asked', () => {
  const w = fakeWechat();
  privacy.registerPrivacyAuthorization(w);
  const lower = jest.fn();
  const top = jest.fn();
  privacy.onPrivacyRequest(lower);
  const offTop = privacy.onPrivacyRequest(top);
  void privacy.requirePrivacyAuthorization(w);
  expect(top).toHaveBeenCalledTimes(1);
  expect(lower).not.toHaveBeenCalled();
  privacy.answerPrivacy(false);
  offTop();
  void privacy.requirePrivacyAuthorization(w);
  expect(lower).toHaveBeenCalledTimes(1);
});

test('an older WeChat without the privacy API: nothing to register, nothing to ask', async () => {
  expect(privacy.registerPrivacyAuthorization({})).toBe(false);
  await expect(privacy.requirePrivacyAuthorization({})).resolves.toBe(true);
});

test('agreeing goes through WeChat\'s agreePrivacyAuthorization button with the id the service reports', () => {
  const wxml = readFileSync(join(__dirname, '../../miniprogram/components/privacy-popup/index.wxml'), 'utf8');
  const button = /<button[^>]*open-type="agreePrivacyAuthorization"[^>]*>/.exec(wxml)?.[0] ?? '';
  expect(button).toContain(`id="${privacy.PRIVACY_AGREE_BUTTON_ID}"`);
  expect(button).toContain('bindagreeprivacyauthorization="onAgree"');
});

test('app.ts registers the listener at launch', () => {
  const w = fakeWechat();
  let app: { onLaunch(this: unknown): void; globalData: unknown } | undefined;
  (global as any).App = (o: typeof app) => (app = o);
  (global as any).wx = { ...w, cloud: { init: jest.fn() }, getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }) };
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../miniprogram/app');
    });
    app!.onLaunch.call(app);
    expect(w.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
  } finally {
    delete (global as any).App;
    delete (global as any).wx;
  }
});
