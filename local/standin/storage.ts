/**
 * Cloud storage stand-in. node-sdk uploads in two steps (storage/index.ts `uploadFile`):
 * `storage.getUploadMetadata` returns a URL and a one-time token, then the SDK PUTs the raw bytes
 * there with the token (COS answers an empty body on success, XML on error). Here the URL is
 * served by the stand-in itself, under `/__storage/<env>/<cloudPath>`; a PUT without a live token
 * for that path is refused, as COS refuses an unsigned one. Files live in
 * `<dataDir>/storage/<cloudPath>`, and each file's owner (the uploader's openid, CloudBase's
 * `resource.openid`; '' for a function) in `<dataDir>/storage-meta/<cloudPath>.owner`.
 * File IDs look like CloudBase's: `cloud://<env>.<bucket>/<cloudPath>`.
 *
 * Write-once prefixes (cloudfunctions/_shared/security/storage.ts) hold for every writer: an
 * existing file there is never overwritten or deleted, by a client or a function.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, sep } from 'node:path';
import { isWriteOnce } from '../../cloudfunctions/_shared/security/storage';
import { StandinError } from './errors';

/** Bucket name used in file IDs. */
export const BUCKET = 'standin-1250000000';
/** URL prefix of stored files on the stand-in server. */
export const STORAGE_PREFIX = '/__storage/';
/** Largest accepted upload (bytes). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** How long an upload token from `getUploadMetadata` stays usable (ms, wall clock). */
const UPLOAD_TOKEN_MS = 10 * 60 * 1000;
/** Owner recorded for files a function (node-sdk, admin) wrote. */
export const ADMIN_OWNER = '';

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.zip': 'application/zip',
};

/**
 * Validates a cloud path (`a/b/c.png`): relative, `/`-separated, no empty, `.` or `..`
 * segments, no backslash or NUL.
 * @returns the segments
 * @throws StandinError INVALID_PARAM
 */
export function cloudPathSegments(path: string): string[] {
  if (typeof path !== 'string' || path === '' || path.includes('\\') || path.includes('\u0000')) {
    throw new StandinError('INVALID_PARAM', '文件路径无效');
  }
  const segs = path.replace(/^\/+/, '').split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) throw new StandinError('INVALID_PARAM', `文件路径无效：${path}`);
  return segs;
}

function cosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${message}</Message>\n<Resource>${resource}</Resource>\n<RequestId>${randomBytes(12).toString('hex')}</RequestId>\n<TraceId>${randomBytes(24).toString('hex')}</TraceId>\n</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

/** Files of the stand-in, on disk under one root folder. */
export class FileStorage {
  /** Live upload tokens: token → the path it may PUT and who asked. */
  private readonly tokens = new Map<string, { path: string; owner: string; until: number }>();
  private readonly metaRoot: string;

  /**
   * @param root folder for the files (`<dataDir>/storage`); owners live beside it in `<root>-meta`
   * @param baseUrl the server's base URL (known after listen), e.g. `http://127.0.0.1:39100`
   */
  constructor(
    private readonly root: string,
    private readonly baseUrl: () => string,
  ) {
    this.metaRoot = `${root}-meta`;
  }

  private fileOf(segs: string[]): string {
    const file = join(this.root, ...segs);
    if (!file.startsWith(this.root + sep)) throw new StandinError('INVALID_PARAM', '文件路径无效');
    return file;
  }

  private ownerFileOf(segs: string[]): string {
    const file = `${join(this.metaRoot, ...segs)}.owner`;
    if (!file.startsWith(this.metaRoot + sep)) throw new StandinError('INVALID_PARAM', '文件路径无效');
    return file;
  }

  /**
   * The stored file at a cloud path as a rule sees it.
   * @returns `{ openid, path }` (openid '' for a function's file), or undefined when absent
   */
  async resourceOf(path: string): Promise<{ openid: string; path: string } | undefined> {
    const segs = cloudPathSegments(path);
    const s = await stat(this.fileOf(segs)).catch(() => undefined);
    if (!s?.isFile()) return undefined;
    const owner = await readFile(this.ownerFileOf(segs), 'utf8').catch(() => ADMIN_OWNER);
    return { openid: owner, path: segs.join('/') };
  }

  /**
   * Stores bytes at a cloud path durably (temporary file, fsync, then rename, or an exclusive link
   * under a write-once prefix so two racing writers cannot both win) and records the owner.
   * @throws StandinError STORAGE_EXCEED_AUTHORITY when the path is write-once and taken
   */
  async write(path: string, bytes: Buffer, owner: string): Promise<void> {
    const segs = cloudPathSegments(path);
    const file = this.fileOf(segs);
    const once = isWriteOnce(segs.join('/'));
    const taken = () => new StandinError('STORAGE_EXCEED_AUTHORITY', `${segs.join('/')} 已存在，存证文件只写一次，不能覆盖`);
    if (once && (await this.resourceOf(path))) throw taken();
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.upload-${randomBytes(6).toString('hex')}`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (once) {
      try {
        await link(tmp, file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
        throw err;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
    } else {
      await rename(tmp, file);
    }
    const ownerFile = this.ownerFileOf(segs);
    await mkdir(dirname(ownerFile), { recursive: true });
    await writeFile(ownerFile, owner, 'utf8');
  }

  /**
   * Deletes one file.
   * @returns false when there was no file
   * @throws StandinError STORAGE_EXCEED_AUTHORITY under a write-once prefix
   */
  async remove(path: string): Promise<boolean> {
    const segs = cloudPathSegments(path);
    if (isWriteOnce(segs.join('/')) && (await this.resourceOf(path))) {
      throw new StandinError('STORAGE_EXCEED_AUTHORITY', `${segs.join('/')} 是存证文件，不能删除`);
    }
    try {
      await unlink(this.fileOf(segs));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    await unlink(this.ownerFileOf(segs)).catch(() => undefined);
    return true;
  }

  /** `cloud://<env>.<bucket>/<path>` for a cloud path. */
  fileIdOf(env: string, path: string): string {
    return `cloud://${env}.${BUCKET}/${cloudPathSegments(path).join('/')}`;
  }

  /**
   * The cloud path inside a file ID.
   * @throws StandinError INVALID_PARAM when `fileId` is not `cloud://<env>.<bucket>/<path>`
   */
  pathOfFileId(fileId: string): string {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(typeof fileId === 'string' ? fileId : '');
    if (!m) throw new StandinError('INVALID_PARAM', `fileID 格式错误：${String(fileId)}`);
    return cloudPathSegments(m[1]).join('/');
  }

  private urlOf(env: string, path: string, encoded: boolean): string {
    const segs = cloudPathSegments(path);
    const tail = encoded ? segs.map(encodeURIComponent).join('/') : segs.join('/');
    return `${this.baseUrl()}${STORAGE_PREFIX}${encoded ? encodeURIComponent(env) : env}/${tail}`;
  }

  /**
   * `storage.getUploadMetadata`: where to PUT the file.
   * @returns node-sdk's `data`: `{ url, token, authorization, fileId, cosFileId, download_url }`
   */
  async uploadMetadata(env: string, path: string, owner = ADMIN_OWNER): Promise<Record<string, string>> {
    const clean = cloudPathSegments(path).join('/');
    // Refused up front too (not only at the PUT), so node-sdk reports the code rather than a COS error.
    if (isWriteOnce(clean) && (await this.resourceOf(clean))) {
      throw new StandinError('STORAGE_EXCEED_AUTHORITY', `${clean} 已存在，存证文件只写一次，不能覆盖`);
    }
    const token = randomBytes(16).toString('hex');
    const now = Date.now();
    for (const [k, v] of this.tokens) if (v.until < now) this.tokens.delete(k);
    this.tokens.set(token, { path: clean, owner, until: now + UPLOAD_TOKEN_MS });
    return {
      url: this.urlOf(env, path, true),
      token,
      authorization: `q-sign-algorithm=sha1&q-ak=standin&q-signature=${randomBytes(20).toString('hex')}`,
      fileId: this.fileIdOf(env, path),
      cosFileId: randomBytes(16).toString('hex'),
      download_url: this.urlOf(env, path, false),
    };
  }

  /**
   * `storage.batchGetDownloadUrl`. The URL is not percent-encoded (node-sdk `encodeURI`s it
   * before downloading, as with CloudBase's temporary URLs).
   * @returns one `{ fileID, tempFileURL, code }` per requested file; `code` is `SUCCESS`,
   *   `STORAGE_FILE_NONEXIST` or `INVALID_PARAM`
   */
  async downloadUrls(env: string, fileList: unknown): Promise<Array<{ fileID: string; tempFileURL: string; code: string }>> {
    if (!Array.isArray(fileList)) throw new StandinError('INVALID_PARAM', 'file_list 必须是数组');
    return Promise.all(
      fileList.map(async (item: any) => {
        const fileID = String(item?.fileid ?? item?.fileID ?? '');
        try {
          const path = this.pathOfFileId(fileID);
          const s = await stat(this.fileOf(cloudPathSegments(path))).catch(() => undefined);
          if (!s?.isFile()) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
          return { fileID, tempFileURL: this.urlOf(env, path, false), code: 'SUCCESS' };
        } catch {
          return { fileID, tempFileURL: '', code: 'INVALID_PARAM' };
        }
      }),
    );
  }

  /**
   * `storage.batchDeleteFile`.
   * @returns one `{ fileID, code }` per file: `SUCCESS`, `STORAGE_FILE_NONEXIST` or `INVALID_PARAM`
   */
  async deleteFiles(fileIds: unknown): Promise<Array<{ fileID: string; code: string }>> {
    if (!Array.isArray(fileIds)) throw new StandinError('INVALID_PARAM', 'fileid_list 必须是数组');
    return Promise.all(
      fileIds.map(async (raw) => {
        const fileID = String(raw);
        try {
          return { fileID, code: (await this.remove(this.pathOfFileId(fileID))) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        } catch (err) {
          return { fileID, code: err instanceof StandinError && err.code === 'STORAGE_EXCEED_AUTHORITY' ? err.code : 'INVALID_PARAM' };
        }
      }),
    );
  }

  private segmentsOfUrlPath(urlPath: string): string[] {
    // /__storage/<env>/<seg>/<seg>…
    const rest = urlPath.slice(STORAGE_PREFIX.length).split('/');
    rest.shift(); // env
    return cloudPathSegments(rest.map((s) => decodeURIComponent(s)).join('/'));
  }

  /**
   * Serves `PUT`, `GET` and `HEAD` under `/__storage/`. PUT stores the raw body durably
   * (temporary file, fsync, rename) and answers an empty 200 like COS; errors are COS XML.
   */
  async handleHttp(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
    let segs: string[];
    let file: string;
    try {
      segs = this.segmentsOfUrlPath(urlPath);
      file = this.fileOf(segs);
    } catch {
      cosError(res, 400, 'InvalidURI', '文件路径无效', urlPath);
      return;
    }
    if (req.method === 'PUT') {
      const token = String(req.headers['x-cos-security-token'] ?? '');
      const grant = this.tokens.get(token);
      if (!grant || grant.path !== segs.join('/') || grant.until < Date.now()) {
        cosError(res, 403, 'AccessDenied', '上传凭证无效或已过期（须先调用 getUploadMetadata）', urlPath);
        return;
      }
      this.tokens.delete(token);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_UPLOAD_BYTES) {
          cosError(res, 413, 'EntityTooLarge', '文件过大', urlPath);
          req.destroy();
          return;
        }
        chunks.push(chunk as Buffer);
      }
      try {
        await this.write(segs.join('/'), Buffer.concat(chunks), grant.owner);
      } catch (err) {
        if (err instanceof StandinError && err.code === 'STORAGE_EXCEED_AUTHORITY') {
          cosError(res, 403, 'AccessDenied', err.message, urlPath);
          return;
        }
        throw err;
      }
      res.writeHead(200, { 'content-length': 0, etag: `"${randomBytes(16).toString('hex')}"` });
      res.end();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const s = await stat(file).catch(() => undefined);
      if (!s?.isFile()) {
        cosError(res, 404, 'NoSuchKey', '文件不存在', urlPath);
        return;
      }
      res.writeHead(200, {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': s.size,
        'last-modified': s.mtime.toUTCString(),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file);
        stream.on('error', reject);
        res.on('finish', resolve);
        res.on('close', resolve);
        stream.pipe(res);
      });
      return;
    }
    cosError(res, 405, 'MethodNotAllowed', '不支持的方法', urlPath);
  }

  /** Deletes every stored file. */
  async reset(): Promise<void> {
    this.tokens.clear();
    await rm(this.root, { recursive: true, force: true });
    await rm(this.metaRoot, { recursive: true, force: true });
    await mkdir(this.root, { recursive: true });
  }
}
