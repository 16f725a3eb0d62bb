/** The signature pad's logic (miniprogram/services/signature-pad.ts): sizing, stroke counting, export. */
import {
  MAX_EXPORT_SIDE,
  SignaturePad,
  drawSegment,
  exportBlocker,
  exportOptions,
  padSize,
  paintBackground,
  prepareCanvas,
  signaturePayload,
} from '../../miniprogram/packageGuardianship/services/signature-pad';

/** A 2D context that records what was done to it. */
function recordingCtx() {
  const calls: string[] = [];
  const ctx: any = { fillStyle: '', strokeStyle: '', lineWidth: 0, lineCap: '', lineJoin: '' };
  for (const m of ['save', 'restore', 'setTransform', 'scale', 'fillRect', 'beginPath', 'moveTo', 'lineTo', 'quadraticCurveTo', 'arc', 'fill', 'stroke']) {
    ctx[m] = (...args: number[]) => calls.push(`${m}(${args.join(',')})${m === 'fillRect' ? ctx.fillStyle : ''}`);
  }
  return { ctx, calls };
}

describe('backing store sized by the device pixel ratio', () => {
  test('a 300×150 pad on a 2× screen exports 600×300 pixels', () => {
    expect(padSize(300, 150, 2)).toEqual({ cssWidth: 300, cssHeight: 150, scale: 2, width: 600, height: 300 });
  });
  test('fractional ratios round the pixel size; bad ratios count as 1; very high ones are clamped to 3', () => {
    expect(padSize(375, 180, 2.75)).toMatchObject({ width: 1031, height: 495 });
    expect(padSize(300, 150, NaN)).toMatchObject({ scale: 1, width: 300, height: 150 });
    expect(padSize(300, 150, 0.5)).toMatchObject({ scale: 1 });
    expect(padSize(300, 150, 4)).toMatchObject({ scale: 3, width: 900, height: 450 });
  });
  test('the longest side never exceeds the export limit', () => {
    const s = padSize(1000, 400, 3);
    expect(Math.max(s.width, s.height)).toBeLessThanOrEqual(MAX_EXPORT_SIDE);
    expect(s.width).toBe(MAX_EXPORT_SIDE);
  });
  test('prepareCanvas sets the backing store, scales the context and paints a white background in device pixels', () => {
    const { ctx, calls } = recordingCtx();
    const canvas = { width: 0, height: 0, getContext: () => ctx };
    const size = padSize(300, 150, 2);
    prepareCanvas(canvas, size);
    expect(canvas).toMatchObject({ width: 600, height: 300 });
    expect(calls).toContain('scale(2,2)');
    expect(calls).toContain('fillRect(0,0,600,300)#ffffff');
    expect(ctx.lineCap).toBe('round');
    const afterPrepare = calls.length;
    paintBackground(ctx, size);
    expect(calls.slice(afterPrepare)).toEqual(['save()', 'setTransform(1,0,0,1,0,0)', 'fillRect(0,0,600,300)#ffffff', 'restore()']);
  });
});

describe('strokes are counted, not images compared', () => {
  test('an untouched pad is empty and cannot be exported', () => {
    const pad = new SignaturePad();
    expect(pad.isEmpty).toBe(true);
    expect(exportBlocker(pad)).toBe('请先在签名区内签名');
  });
  test('a tap or a tiny jitter is not a stroke; a real line is', () => {
    const pad = new SignaturePad();
    pad.begin({ x: 10, y: 10 });
    expect(pad.end()).toBe(false);
    pad.begin({ x: 10, y: 10 });
    pad.move({ x: 11, y: 11 });
    expect(pad.end()).toBe(false);
    expect(pad.strokeCount).toBe(0);
    pad.begin({ x: 10, y: 10 });
    pad.move({ x: 20, y: 12 });
    pad.move({ x: 30, y: 18 });
    expect(pad.end()).toBe(true);
    expect(pad.strokeCount).toBe(1);
    expect(pad.pointCount).toBe(3);
  });
  test('export waits until drawing finished', () => {
    const pad = new SignaturePad();
    pad.begin({ x: 0, y: 0 });
    pad.move({ x: 50, y: 0 });
    pad.end();
    pad.begin({ x: 0, y: 10 });
    pad.move({ x: 40, y: 10 });
    expect(exportBlocker(pad)).toBe('请先完成签名');
    pad.end();
    expect(exportBlocker(pad)).toBeUndefined();
    expect(pad.strokeCount).toBe(2);
  });
  test('clearing empties the pad', () => {
    const pad = new SignaturePad();
    pad.begin({ x: 0, y: 0 });
    pad.move({ x: 50, y: 50 });
    pad.end();
    pad.clear();
    expect(pad.isEmpty).toBe(true);
  });
  test('moves draw smooth segments through midpoints', () => {
    const pad = new SignaturePad();
    const { ctx, calls } = recordingCtx();
    pad.begin({ x: 0, y: 0 });
    expect(pad.move({ x: 0, y: 0 })).toBeUndefined();
    const first = pad.move({ x: 10, y: 0 })!;
    expect(first).toEqual({ from: { x: 0, y: 0 }, control: { x: 0, y: 0 }, to: { x: 5, y: 0 } });
    const second = pad.move({ x: 10, y: 10 })!;
    expect(second).toEqual({ from: { x: 5, y: 0 }, control: { x: 10, y: 0 }, to: { x: 10, y: 5 } });
    drawSegment(ctx, second);
    expect(calls).toEqual(['beginPath()', 'moveTo(5,0)', 'quadraticCurveTo(10,0,10,5)', 'stroke()']);
    expect(pad.move({ x: 1, y: 1 })).toEqual({ from: { x: 10, y: 5 }, control: { x: 10, y: 10 }, to: { x: 5.5, y: 5.5 } });
    pad.end();
    expect(pad.move({ x: 3, y: 3 })).toBeUndefined();
  });
});

describe('export', () => {
  test('exports the whole pad as PNG at the backing-store size, and reports that size with the stroke count', () => {
    const size = padSize(320, 160, 3);
    const canvas = {};
    expect(exportOptions(canvas, size)).toEqual({ canvas, x: 0, y: 0, width: 320, height: 160, destWidth: 960, destHeight: 480, fileType: 'png' });
    const pad = new SignaturePad();
    pad.begin({ x: 0, y: 0 });
    pad.move({ x: 30, y: 30 });
    pad.end();
    expect(signaturePayload('cloud://env/sig.png', pad, size)).toEqual({ fileID: 'cloud://env/sig.png', strokes: 1, width: 960, height: 480 });
  });
});
