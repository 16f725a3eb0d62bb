/**
 * Uploads (contract §2): `media/uploadimg` (article body images) and `material/add_material`
 * (permanent material, e.g. the cover), both `multipart/form-data` with the file in `media`.
 * Multipart is parsed with busboy.
 */
import type { IncomingMessage } from 'http';
import { randomBytes } from 'crypto';
import busboy from 'busboy';
import { WxError } from './errors';
import type { MediaRecord } from './types';

/** A parsed upload: the `media` file (if any) and the other text fields. */
export interface ParsedUpload {
  file?: { filename: string; contentType: string; data: Buffer; truncated: boolean };
  fields: Record<string, string>;
}

/**
 * Reads a multipart body. Files larger than `maxBytes` are cut and flagged `truncated` (the
 * caller answers with its size error) so a huge upload never fills memory.
 * @throws WxError 41005 when the body is not multipart
 */
export function parseMultipart(req: IncomingMessage, maxBytes: number): Promise<ParsedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    req.resume();
    return Promise.reject(new WxError(41005));
  }
  return new Promise((resolve, reject) => {
    const out: ParsedUpload = { fields: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes + 1, files: 4, fields: 20 } });
    } catch {
      req.resume();
      reject(new WxError(41005));
      return;
    }
    bb.on('file', (name, stream, info) => {
      if (name !== 'media' || out.file) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => (truncated = true));
      stream.on('end', () => {
        out.file = { filename: info.filename ?? '', contentType: info.mimeType ?? '', data: Buffer.concat(chunks), truncated };
      });
    });
    bb.on('field', (name, value) => (out.fields[name] = value));
    bb.on('close', () => resolve(out));
    bb.on('error', () => reject(new WxError(47001)));
    req.pipe(bb);
  });
}

/** File formats the stand-in recognises, by magic bytes first and extension second. */
export type FileFormat = 'jpg' | 'png' | 'gif' | 'bmp' | 'mp3' | 'wma' | 'wav' | 'amr' | 'mp4' | 'unknown';

/** Detects the format of an upload (magic bytes; the filename extension when bytes are unknown). */
export function detectFormat(data: Buffer, filename: string): FileFormat {
  const b = data;
  if (b.length >= 4 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 4 && b.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '#!AMR') return 'amr';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE') return 'wav';
  if (b.length >= 8 && b.subarray(4, 8).toString('latin1') === 'ftyp') return 'mp4';
  if (b.length >= 4 && b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return 'wma';
  if (b.length >= 3 && (b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0))) return 'mp3';
  const ext = (filename.split('.').pop() ?? '').toLowerCase();
  const byExt: Record<string, FileFormat> = {
    jpg: 'jpg', jpeg: 'jpg', png: 'png', gif: 'gif', bmp: 'bmp', mp3: 'mp3', wma: 'wma', wav: 'wav', amr: 'amr', mp4: 'mp4',
  };
  return byExt[ext] ?? 'unknown';
}

/** §2.2 per-type limits of permanent material. */
export const MATERIAL_LIMITS: Record<'image' | 'voice' | 'video' | 'thumb', { maxBytes: number; formats: FileFormat[] }> = {
  image: { maxBytes: 10 * 1024 * 1024, formats: ['bmp', 'png', 'jpg', 'gif'] },
  voice: { maxBytes: 2 * 1024 * 1024, formats: ['mp3', 'wma', 'wav', 'amr'] },
  video: { maxBytes: 10 * 1024 * 1024, formats: ['mp4'] },
  thumb: { maxBytes: 64 * 1024, formats: ['jpg'] },
};

/** §2.1 uploadimg: JPG/PNG, < 1 MB. */
export const UPLOADIMG_MAX_BYTES = 1024 * 1024;

/** A new opaque id (media ids, article ids). */
export function newId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The mmbiz URL WeChat returns for an image (§2.1 is http, host `mmbiz.qpic.cn`). */
export function mmbizUrl(fileKey: string, format: FileFormat, withFmt: boolean): string {
  const fmt = format === 'jpg' ? 'jpg' : format;
  return `http://mmbiz.qpic.cn/mmbiz_${fmt}/${fileKey}/0${withFmt ? `?wx_fmt=${fmt}` : ''}`;
}

/** Content type for serving stored bytes on the local page. */
export function contentTypeOf(format: FileFormat, fallback: string): string {
  const m: Partial<Record<FileFormat, string>> = {
    jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', bmp: 'image/bmp', mp3: 'audio/mpeg', wav: 'audio/wav', amr: 'audio/amr', mp4: 'video/mp4',
  };
  return m[format] ?? (fallback || 'application/octet-stream');
}

/** Finds a permanent material by media_id within an account. */
export function findMaterial(media: Record<string, MediaRecord>, appid: string, mediaId: string): MediaRecord | undefined {
  return Object.values(media).find((m) => m.appid === appid && m.mediaId === mediaId);
}
