/**
 * The handwritten-signature pad's logic, free of the canvas so it can be unit-tested
 * (miniprogram-simulate's canvas is a stub). The page owns the `<canvas type="2d">` and calls
 * these; stroke state stays off `setData` (shared/reference/miniprogram-and-cloudbase.md §5).
 *
 * - Sizing: the canvas backing store is the CSS size × the device pixel ratio (clamped to 1–3 and
 *   to `MAX_EXPORT_SIDE` pixels a side), and the context is scaled by the same ratio, so strokes
 *   are drawn in CSS pixels and stay sharp.
 * - Strokes: `begin` on touchstart, `move` on touchmove (returns the segment to draw: a quadratic
 *   curve through midpoints), `end` on touchend. A stroke counts only when its path is at least
 *   `MIN_STROKE_LENGTH` CSS pixels long (an accidental tap is not a signature).
 * - Empty pad: refused by counting strokes (`strokeCount === 0`), never by comparing images.
 * - Export: only when no stroke is in progress; PNG of exactly the backing-store size, drawn on a
 *   white background (`paintBackground` runs before any stroke and after `clear`).
 */

/** A touch point in CSS pixels relative to the canvas. */
export interface PadPoint {
  x: number;
  y: number;
}

/** Shortest path, CSS px, that counts as a stroke. */
export const MIN_STROKE_LENGTH = 3;
/** Device pixel ratios outside 1–3 are clamped (very high ratios only make files bigger). */
export const MAX_DPR = 3;
/** Largest export side in pixels (the server accepts up to 4096). */
export const MAX_EXPORT_SIDE = 2048;
/** Stroke style. */
export const STROKE = { color: '#111111', width: 2.5, background: '#ffffff' } as const;

/** Backing-store size and context scale for a canvas of `cssWidth`×`cssHeight` CSS px. */
export interface PadSize {
  cssWidth: number;
  cssHeight: number;
  /** The ratio actually applied (`ctx.scale(scale, scale)`). */
  scale: number;
  /** Backing store (`canvas.width` / `canvas.height`) and export size, device px. */
  width: number;
  height: number;
}

/**
 * The backing store for a CSS size at a device pixel ratio.
 * @param dpr `wx.getWindowInfo().pixelRatio`; non-finite or < 1 counts as 1
 */
export function padSize(cssWidth: number, cssHeight: number, dpr: number): PadSize {
  let scale = Number.isFinite(dpr) && dpr >= 1 ? Math.min(dpr, MAX_DPR) : 1;
  const longest = Math.max(cssWidth, cssHeight) * scale;
  if (longest > MAX_EXPORT_SIDE) scale = MAX_EXPORT_SIDE / Math.max(cssWidth, cssHeight);
  return { cssWidth, cssHeight, scale, width: Math.round(cssWidth * scale), height: Math.round(cssHeight * scale) };
}

/** The part of a 2D context the pad uses. */
export interface Ctx2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  save(): void;
  restore(): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cx: number, cy: number, x: number, y: number): void;
  arc(x: number, y: number, r: number, a: number, b: number): void;
  fill(): void;
  stroke(): void;
}

/**
 * Sets up a freshly sized canvas: backing store, scale, stroke style and the white background.
 * @param canvas the node from `createSelectorQuery().select('#pad').fields({ node: true, size: true })`
 */
export function prepareCanvas(canvas: { width: number; height: number; getContext(kind: '2d'): unknown }, size: PadSize): Ctx2D {
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d') as Ctx2D;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.scale(size.scale, size.scale);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = STROKE.width;
  ctx.strokeStyle = STROKE.color;
  paintBackground(ctx, size);
  return ctx;
}

/** Fills the pad white (PNG export would otherwise be transparent). */
export function paintBackground(ctx: Ctx2D, size: PadSize): void {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = STROKE.background;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.restore();
}

/** A segment to draw: from `from`, a quadratic curve with control `control` to `to`. */
export interface Segment {
  from: PadPoint;
  control: PadPoint;
  to: PadPoint;
}

const mid = (a: PadPoint, b: PadPoint): PadPoint => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a: PadPoint, b: PadPoint) => Math.hypot(a.x - b.x, a.y - b.y);

/** Stroke bookkeeping of one pad. */
export class SignaturePad {
  private current: PadPoint[] | null = null;
  private currentLength = 0;
  private strokes = 0;
  private points = 0;

  /** Strokes that count (see MIN_STROKE_LENGTH). */
  get strokeCount(): number {
    return this.strokes;
  }

  /** True while a finger is down (export must wait). */
  get drawing(): boolean {
    return this.current !== null;
  }

  /** True when nothing that counts was drawn. */
  get isEmpty(): boolean {
    return this.strokes === 0;
  }

  /** Points recorded in counted strokes (for diagnostics). */
  get pointCount(): number {
    return this.points;
  }

  /** touchstart. */
  begin(p: PadPoint): void {
    this.current = [p];
    this.currentLength = 0;
  }

  /**
   * touchmove. @returns the segment to draw, or undefined (no stroke in progress, or the same point)
   */
  move(p: PadPoint): Segment | undefined {
    const pts = this.current;
    if (!pts) return undefined;
    const last = pts[pts.length - 1];
    const d = dist(last, p);
    if (d === 0) return undefined;
    this.currentLength += d;
    pts.push(p);
    const prev = pts.length >= 3 ? pts[pts.length - 3] : pts[0];
    return { from: pts.length >= 3 ? mid(prev, last) : last, control: last, to: mid(last, p) };
  }

  /**
   * touchend / touchcancel.
   * @returns true when the stroke counted
   */
  end(): boolean {
    const pts = this.current;
    this.current = null;
    if (!pts) return false;
    if (this.currentLength < MIN_STROKE_LENGTH) return false;
    this.strokes += 1;
    this.points += pts.length;
    return true;
  }

  /** Clears the count (the page also repaints the background). */
  clear(): void {
    this.current = null;
    this.currentLength = 0;
    this.strokes = 0;
    this.points = 0;
  }
}

/** Draws one segment. */
export function drawSegment(ctx: Ctx2D, s: Segment): void {
  ctx.beginPath();
  ctx.moveTo(s.from.x, s.from.y);
  ctx.quadraticCurveTo(s.control.x, s.control.y, s.to.x, s.to.y);
  ctx.stroke();
}

/** Why the pad cannot be exported now (Chinese, shown to the user), or undefined when it can. */
export function exportBlocker(pad: SignaturePad): string | undefined {
  if (pad.drawing) return '请先完成签名';
  if (pad.isEmpty) return '请先在签名区内签名';
  return undefined;
}

/**
 * Options for `wx.canvasToTempFilePath`: the whole pad as PNG at the backing-store size (so the
 * image the server checks has exactly `size.width`×`size.height` pixels).
 */
export function exportOptions(canvas: unknown, size: PadSize) {
  return {
    canvas,
    x: 0,
    y: 0,
    width: size.cssWidth,
    height: size.cssHeight,
    destWidth: size.width,
    destHeight: size.height,
    fileType: 'png' as const,
  };
}

/** The `signature` part of the sign request. */
export function signaturePayload(fileID: string, pad: SignaturePad, size: PadSize): { fileID: string; strokes: number; width: number; height: number } {
  return { fileID, strokes: pad.strokeCount, width: size.width, height: size.height };
}
