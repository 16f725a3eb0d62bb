/**
 * 签署确认书 (packageGuardianship/pages/sign/index) rendered with miniprogram-simulate: touches
 * on the `<canvas type="2d">` become counted strokes, an empty pad or a stroke still in progress
 * is refused, and the export is a PNG of the dpr-sized backing store whose size and stroke count
 * go to `guardianship.signConfirmation` with the hash of the text shown. The canvas itself is a
 * stub here (miniprogram-simulate has no 2D canvas), so the node the selector query returns is
 * a recording fake.
 */
import { openPage, settle, visibleText, type SimNode } from './harness';

jest.mock('../../miniprogram/config/env', () => ({
  env: { mode: 'cloud', cloudEnv: '', gatewayUrl: 'http://127.0.0.1:39200' },
}));

const wx = (global as any).wx;
const PAGE = 'packageGuardianship/pages/sign/index';
const TEXT = '农村留守儿童监护责任确认书\n儿童：陈小雨……';
const SHA = 'f'.repeat(64);

let canvas: { width: number; height: number; getContext: () => any; calls: string[] };
let exported: any[];

function fakeCanvas() {
  const calls: string[] = [];
  const ctx: any = {};
  for (const m of ['save', 'restore', 'setTransform', 'scale', 'fillRect', 'beginPath', 'moveTo', 'lineTo', 'quadraticCurveTo', 'arc', 'fill', 'stroke']) ctx[m] = (...a: number[]) => calls.push(`${m}(${a.join(',')})`);
  return { width: 0, height: 0, getContext: () => ctx, calls };
}

const MY_FOLDER = '0123456789abcdef0123';
let slotAsks: unknown[] = [];

beforeEach(() => {
  slotAsks = [];
  canvas = fakeCanvas();
  exported = [];
  wx.cloud.callFunction = jest.fn(async ({ data }: any) => {
    if (data.action === 'getConfirmation') {
      return { result: { ok: true, data: { id: 'conf_1', title: '农村留守儿童监护责任确认书', text: TEXT, textSha256: SHA, status: 'pending', parties: [], canSign: ['father'] } } };
    }
    if (data.action === 'signConfirmation' || data.action === 'signAssisted') return { result: { ok: true, data: { id: 'conf_1', status: 'pending' } } };
    // The slot guardianship.signingSlot hands out for this line, where the image goes.
    if (data.action === 'signingSlot') {
      slotAsks.push(data.data);
      return { result: { ok: true, data: { slots: [{ cloudPath: `signatures/${MY_FOLDER}/${data.data.what === 'photo' ? 'b' : 'a'}${'0'.repeat(23)}.${data.data.what === 'photo' ? 'jpg' : 'png'}`, expiresAt: '2026-12-06T00:00:00.000Z' }] } } };
    }
    return { result: { ok: false, error: { code: 'UNKNOWN_ACTION', message: '未知的操作' } } };
  });
  wx.cloud.uploadFile = jest.fn(async ({ cloudPath }: any) => ({ fileID: `cloud://env/${cloudPath}` }));
  wx.createSelectorQuery = () => {
    const q: any = { in: () => q, select: () => q, fields: () => q, exec: (cb: (r: unknown[]) => void) => cb([{ node: canvas, width: 300, height: 150 }]) };
    return q;
  };
  wx.canvasToTempFilePath = jest.fn((opts: any) => {
    exported.push(opts);
    opts.success({ tempFilePath: 'http://tmp/signature.png' });
  });
  wx.showToast = jest.fn();
});

/** Opens the page and goes through step 1 (看确认书 → 我已看完 → 下一步) to the pad. */
async function open(query: Record<string, string> = { id: 'conf_1', party: 'father' }): Promise<SimNode> {
  const page = openPage(PAGE, query);
  await settle();
  page.instance.onReady();
  page.querySelector('.read-check >>> .t-checkbox')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.next >>> .t-button')!.dispatchEvent('tap');
  await settle();
  return page;
}

/** Dispatches a native touch event (j-component accepts `touches` / `changedTouches`). */
function touch(node: SimNode, name: string, options: { touches?: { x: number; y: number }[]; changedTouches?: { x: number; y: number }[] }): void {
  (node as unknown as { dispatchEvent(n: string, o: unknown): void }).dispatchEvent(name, options);
}

async function stroke(pad: SimNode, points: [number, number][]): Promise<void> {
  touch(pad, 'touchstart', { touches: [{ x: points[0][0], y: points[0][1] }] });
  await settle();
  for (const [x, y] of points.slice(1)) {
    touch(pad, 'touchmove', { touches: [{ x, y }] });
    await settle();
  }
  touch(pad, 'touchend', { changedTouches: [{ x: 0, y: 0 }] });
  await settle();
}

const calls = (action: string) => (wx.cloud.callFunction as jest.Mock).mock.calls.filter(([a]) => a.data.action === action);

test('step 1 shows a plain summary and the whole text in the page (no inner scroll box); 下一步 waits for “我已看完”', async () => {
  const page = openPage(PAGE, { id: 'conf_1', party: 'father' });
  await settle();
  const text = visibleText(page);
  expect(text).toContain('签署方：法定监护人（父亲）');
  expect(text).toContain('每个星期至少和孩子联系一次');
  expect(text).toContain('儿童：陈小雨');
  expect(page.dom.querySelector('wx-scroll-view')).toBeNull();
  expect(page.querySelector('#pad')).toBeUndefined();
  page.querySelector('.next >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(1); // disabled until read
  expect(text).toContain('请先看完确认书');
  page.querySelector('.read-check >>> .t-checkbox')!.dispatchEvent('tap');
  await settle();
  page.querySelector('.next >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(2);
  expect(visibleText(page)).toMatch(/✓ 已阅读确认书（\d\d:\d\d）/);
  page.querySelector('.prev >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(1);
});

test('step 2: the backing store of the pad is sized by the device pixel ratio and painted white', async () => {
  await open();
  expect(canvas.width).toBe(600); // 300 CSS px × pixelRatio 2
  expect(canvas.height).toBe(300);
  expect(canvas.calls).toContain('scale(2,2)');
  expect(canvas.calls).toContain('fillRect(0,0,600,300)');
});

test('an empty pad is refused without exporting anything; so is a mere tap', async () => {
  const page = await open();
  await page.instance.onSubmit();
  await settle();
  expect(visibleText(page)).toContain('请先在签名区内签名');
  const pad = page.querySelector('#pad')!;
  await stroke(pad, [[40, 40]]);
  await page.instance.onSubmit();
  expect(exported).toHaveLength(0);
  expect(wx.cloud.uploadFile).not.toHaveBeenCalled();
  expect(calls('signConfirmation')).toHaveLength(0);
});

test('export waits until the stroke is finished', async () => {
  const page = await open();
  const pad = page.querySelector('#pad')!;
  touch(pad, 'touchstart', { touches: [{ x: 10, y: 10 }] });
  touch(pad, 'touchmove', { touches: [{ x: 60, y: 40 }] });
  await settle();
  await page.instance.onSubmit();
  await settle();
  expect(visibleText(page)).toContain('请先完成签名');
  expect(exported).toHaveLength(0);
});

test('two strokes are counted, exported as a 600×300 PNG and sent with the text hash', async () => {
  const page = await open();
  const pad = page.querySelector('#pad')!;
  await stroke(pad, [[20, 30], [60, 50], [100, 40]]);
  await stroke(pad, [[120, 80], [160, 90]]);
  expect(page.instance.data.strokeCount).toBe(2);
  expect(visibleText(page)).toContain('已写 2 笔');
  expect(canvas.calls.filter((c) => c.startsWith('quadraticCurveTo')).length).toBe(3);
  await page.instance.onSubmit();
  await settle();
  expect(exported).toHaveLength(1);
  expect(exported[0]).toMatchObject({ canvas, x: 0, y: 0, width: 300, height: 150, destWidth: 600, destHeight: 300, fileType: 'png' });
  const [sign] = calls('signConfirmation');
  expect(sign[0].data.data).toEqual({
    confirmationId: 'conf_1',
    party: 'father',
    textSha256: SHA,
    signature: { fileID: `cloud://env/signatures/${MY_FOLDER}/a${'0'.repeat(23)}.png`, strokes: 2, width: 600, height: 300 },
  });
  // Uploaded into the slot handed out for this line, nowhere else.
  expect(slotAsks).toEqual([{ confirmationId: 'conf_1', party: 'father', what: 'signature' }]);
  expect(visibleText(page)).toContain('签名已提交');
});

test('clearing the pad starts over', async () => {
  const page = await open();
  await stroke(page.querySelector('#pad')!, [[20, 30], [80, 60]]);
  page.instance.onClear();
  await settle();
  expect(page.instance.data.strokeCount).toBe(0);
  await page.instance.onSubmit();
  expect(exported).toHaveLength(0);
});

test('assisted signing asks for the guardian name and the last four ID characters before anything is sent', async () => {
  const page = await open({ id: 'conf_1', party: 'entrusted', assisted: '1' });
  expect(visibleText(page)).toContain('协助签署');
  await stroke(page.querySelector('#pad')!, [[20, 30], [80, 60]]);
  page.setData({ guardianName: '陈桂芳', idLast4: '12' });
  await page.instance.onSubmit();
  await settle();
  expect(visibleText(page)).toContain('请填写监护人姓名和身份证号后四位');
  expect(exported).toHaveLength(0);
  page.setData({ idLast4: '123x' });
  await page.instance.onSubmit();
  await settle();
  const [sign] = calls('signAssisted');
  expect(sign[0].data.data).toMatchObject({ party: 'entrusted', guardianName: '陈桂芳', idLast4: '123X', signature: expect.objectContaining({ strokes: 1, width: 600, height: 300 }) });
});
