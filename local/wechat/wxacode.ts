/**
 * `wxacode.getUnlimited` on the WeChat side (POST /wxa/getwxacodeunlimit; through a cloud call,
 * `app.callCompatibleWxOpenApi`): the mini-program code of a page with a `scene` of up to 32
 * visible characters. WeChat draws its round "sunflower" code; the stand-in draws a plain QR
 * code of the same link (`<page>?scene=<scene>`), which is what the issue asks of local mode.
 * Checks as WeChat documents them: scene 1–32 characters of
 * `0-9 A-Z a-z ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~` (else 40169), `page` without a leading
 * slash that exists when `check_path` is true (else 41030), width 280–1280 (else 40097).
 */
import { WxError } from './errors';

/** Endpoint name (see `endpointName` in index.ts). */
export const WXACODE_UNLIMITED = 'wxa/getwxacodeunlimit';

const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

/**
 * Draws the code for a request body.
 * @param body `{ scene, page?, check_path?, width?, env_version? }`
 * @param pages pages the mini-program has (knob `miniprogramPages`), when known
 * @returns a PNG
 * @throws WxError 40169 / 41030 / 40097 / 47001
 */
export async function wxacodeUnlimited(body: Record<string, unknown>, pages: string[] | undefined): Promise<Buffer> {
  const scene = typeof body.scene === 'string' ? body.scene : '';
  if (!SCENE_RE.test(scene)) throw new WxError(40169, 'invalid length for scene, or the data is not json string');
  const page = typeof body.page === 'string' ? body.page : '';
  if (page.startsWith('/')) throw new WxError(41030, 'invalid page');
  if (page && body.check_path !== false && pages && !pages.includes(page)) throw new WxError(41030, 'invalid page');
  const width = body.width === undefined ? 430 : Number(body.width);
  if (!Number.isFinite(width) || width < 280 || width > 1280) throw new WxError(40097, 'invalid args');
  const envVersion = body.env_version ?? 'release';
  if (!['release', 'trial', 'develop'].includes(String(envVersion))) throw new WxError(47001, 'data format error');
  // Loaded on the first code; one PNG row filter (pngjs would try all five on every row, about
  // three times the work for a smaller file, which no one downloads from a stand-in).
  const QRCode = (await import('qrcode')).default;
  return QRCode.toBuffer(`${page || 'pages/index'}?scene=${encodeURIComponent(scene)}`, {
    type: 'png',
    margin: 1,
    width: Math.round(width),
    errorCorrectionLevel: 'M',
    rendererOpts: { filterType: 1 } as object,
  });
}
