/**
 * Uploads into the caller's own folder. Every file the mini-program stores goes to
 * `<purpose prefix><uploadFolder>/<name>`: the folder comes from `accounts.me` (a pseudonym of
 * the caller's WeChat identity), the storage security rules let a client write only under these
 * prefixes, and a function refuses a file outside the caller's folder (docs/security.md).
 */
import { failure, uploadFile, type Envelope } from './api';
import { loadMe } from './accounts';
import { ownUploadPath, type UploadPurpose } from './upload-paths';

export { UPLOAD_PREFIXES, ownUploadPath, type UploadPurpose } from './upload-paths';

/**
 * Uploads a local temp file for `purpose` into the caller's folder.
 * @param name file name inside the folder (may contain one `/`, e.g. `<batch>/<file name>`)
 * @returns the fileID; failures as `api.uploadFile` reports them, or UNAUTHENTICATED when the
 *   caller has no folder (no WeChat identity)
 */
export async function uploadMine(purpose: UploadPurpose, name: string, filePath: string): Promise<Envelope<{ fileID: string }>> {
  const me = await loadMe();
  if (!me.ok) return me;
  if (!me.data.uploadFolder) return failure('UNAUTHENTICATED', '未能识别您的身份，请在微信中重新打开小程序后再上传');
  return uploadFile(ownUploadPath(purpose, me.data.uploadFolder, name), filePath);
}
