/**
 * The mini-program's storage path (what `wx.cloud.uploadFile` / `getTempFileURL` / `deleteFile`
 * reach on CloudBase), held to the storage security rules the deploy applied (storage.rules.json,
 * evaluated by storage-rules.ts) and to the write-once prefixes. The dev gateway sends every client
 * storage call here with the caller's openid; functions (node-sdk) use the wire actions, which
 * rules do not bind, as on CloudBase.
 *
 *   POST /__client/storage/upload?cloudPath=<path>&openid=<openid>   raw body → `{ data: { fileID } }`
 *   POST /__client/storage/temp-urls   `{ openid?, fileList: [fileID] }` → `{ data: { fileList } }`
 *   POST /__client/storage/delete      `{ openid?, fileList: [fileID] }` → `{ data: { fileList } }`
 *
 * Refusals are `{ code: 'STORAGE_EXCEED_AUTHORITY', message }` (HTTP 200, like the wire).
 */
import { StandinError } from './errors';
import type { Schema } from './schema';
import type { FileStorage } from './storage';
import { compileStorageRules, type RuleAuth, type StorageRules } from './storage-rules';
import { slotOfPath } from '../../cloudfunctions/_shared/security/storage';

/**
 * The upload slots functions handed out (collection `uploadSlots`, cloudfunctions/_shared/upload-slots.ts):
 * the stand-in reads its own store, as a rules engine that could see the table would.
 */
export interface SlotLookup {
  slot(slotId: string): { cloudPath?: unknown; usedFor?: unknown; expiresAt?: unknown } | undefined;
  now(): Date;
}

let cached: { source: unknown; rules: StorageRules } | undefined;

/** The compiled rules of what the deploy applied (recompiled when it changes). */
function rulesOf(schema: Schema): StorageRules {
  const source = schema.storageRules();
  if (!cached || cached.source !== source) cached = { source, rules: compileStorageRules(source) };
  return cached.rules;
}

function authOf(openid: unknown): RuleAuth {
  return typeof openid === 'string' && openid !== '' ? { openid, loginType: 'WECHAT_MINIPROGRAM' } : null;
}

function refuse(what: string, path: string): StandinError {
  return new StandinError('STORAGE_EXCEED_AUTHORITY', `存储安全规则不允许${what}：${path}`);
}

/**
 * Uploads for a client: allowed when the `write` rule passes for the file as it would be (a new
 * file is owned by the uploader; an existing one keeps its owner), the path is not a taken
 * write-once path, and — beyond what production's rules can see — the path is an open upload slot
 * a function handed out (not used, not expired) that holds no file yet: each slot is filled once.
 * @returns the fileID
 */
export async function clientUpload(storage: FileStorage, schema: Schema, env: string, cloudPath: string, openid: unknown, bytes: Buffer, slots: SlotLookup): Promise<string> {
  const auth = authOf(openid);
  const existing = await storage.resourceOf(cloudPath);
  const resource = existing ?? { openid: auth?.openid ?? '', path: cloudPath.replace(/^\/+/, '') };
  if (!auth) throw new StandinError('STORAGE_EXCEED_AUTHORITY', `未登录不能上传：${resource.path}`);
  if (!rulesOf(schema).allows('write', auth, resource)) throw refuse(existing ? '覆盖该文件' : '上传到该位置', resource.path);
  const at = slotOfPath(resource.path);
  const slot = at ? slots.slot(at.slotId) : undefined;
  if (!slot || slot.cloudPath !== resource.path) throw refuse('上传到没有分配的位置', resource.path);
  if (existing || slot.usedFor) throw refuse('再次上传到已用过的位置', resource.path);
  if (!(slot.expiresAt instanceof Date) || slot.expiresAt.getTime() < slots.now().getTime()) throw refuse('上传到已过期的位置', resource.path);
  await storage.write(cloudPath, bytes, auth.openid ?? '');
  return storage.fileIdOf(env, cloudPath);
}

/** Temporary URLs for a client: files the `read` rule refuses answer `STORAGE_EXCEED_AUTHORITY`. */
export async function clientTempUrls(storage: FileStorage, schema: Schema, env: string, fileList: unknown, openid: unknown): Promise<Array<{ fileID: string; tempFileURL: string; code: string }>> {
  if (!Array.isArray(fileList)) throw new StandinError('INVALID_PARAM', 'fileList 必须是数组');
  const auth = authOf(openid);
  const allowed: unknown[] = [];
  const answers = new Map<string, { fileID: string; tempFileURL: string; code: string }>();
  for (const raw of fileList) {
    const fileID = String(raw);
    let resource;
    try {
      resource = await storage.resourceOf(storage.pathOfFileId(fileID));
    } catch {
      answers.set(fileID, { fileID, tempFileURL: '', code: 'INVALID_PARAM' });
      continue;
    }
    if (resource && !rulesOf(schema).allows('read', auth, resource)) answers.set(fileID, { fileID, tempFileURL: '', code: 'STORAGE_EXCEED_AUTHORITY' });
    else allowed.push({ fileID });
  }
  const urls = await storage.downloadUrls(env, allowed);
  for (const u of urls) answers.set(u.fileID, u);
  return fileList.map((raw) => answers.get(String(raw))!);
}

/** Deletes for a client: the `write` rule must pass for each existing file; write-once files never go. */
export async function clientDelete(storage: FileStorage, schema: Schema, fileList: unknown, openid: unknown): Promise<Array<{ fileID: string; code: string }>> {
  if (!Array.isArray(fileList)) throw new StandinError('INVALID_PARAM', 'fileList 必须是数组');
  const auth = authOf(openid);
  const out: Array<{ fileID: string; code: string }> = [];
  for (const raw of fileList) {
    const fileID = String(raw);
    try {
      const path = storage.pathOfFileId(fileID);
      const resource = await storage.resourceOf(path);
      if (!resource) out.push({ fileID, code: 'STORAGE_FILE_NONEXIST' });
      else if (!rulesOf(schema).allows('write', auth, resource)) out.push({ fileID, code: 'STORAGE_EXCEED_AUTHORITY' });
      else out.push({ fileID, code: (await storage.remove(path)) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' });
    } catch (err) {
      out.push({ fileID, code: err instanceof StandinError && err.code === 'STORAGE_EXCEED_AUTHORITY' ? err.code : 'INVALID_PARAM' });
    }
  }
  return out;
}
