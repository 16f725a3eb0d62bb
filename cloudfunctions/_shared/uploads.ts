/**
 * Whose upload a fileID is. Every client upload goes into `<purpose prefix><folder>/…`, where the
 * folder is a keyed pseudonym of the uploader's openid (`accounts.me` hands it out as
 * `uploadFolder`). CloudBase's storage rules cannot compare a path with `auth.openid`, and node-sdk
 * cannot read a file's owner, so the folder is how a function knows a file is the caller's own:
 * a signature image must be the signer's, a photo the visitor's (docs/security.md). The folder
 * says nothing about the openid without the data key, and fileIDs carry no plaintext openid.
 */
import { lookupHash } from './crypto';
import { AppError } from './errors';
import type { ActionContext } from './context';
import { CLIENT_UPLOADS, UPLOAD_FOLDER_LENGTH, uploadFolderPrefix, type UploadPurpose } from './security/storage';

/**
 * The upload folder of an openid: 20 hex characters of HMAC-SHA256 under the lookup key.
 * @returns '' for no openid (a caller without a WeChat identity has no folder)
 */
export function uploadFolderOf(openid: string): string {
  return openid ? lookupHash('uploadFolder', openid).slice(0, UPLOAD_FOLDER_LENGTH) : '';
}

/** The cloud path inside a fileID (`cloud://<env>.<bucket>/<path>`), or '' when it is not one. */
function pathOf(fileID: string): string {
  return /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID.trim())?.[1] ?? '';
}

/** True when `fileID` lies in the caller's own upload folder for `purpose`. */
export function isOwnUpload(ctx: Pick<ActionContext, 'identity'>, fileID: string, purpose: UploadPurpose): boolean {
  const folder = uploadFolderOf(ctx.identity.openid);
  return folder !== '' && pathOf(fileID).startsWith(uploadFolderPrefix(purpose, folder));
}

/**
 * Refuses a fileID the caller did not upload for this purpose.
 * @param opts.label the file as the person knows it (default the purpose's label, e.g. `签名图片`)
 * @param opts.field the input field, for `details.field`
 * @param opts.redo what to do instead, e.g. `请在本机重新签名`
 * @throws AppError UPLOAD_NOT_OWN `<label>不是您本人上传的，<redo>` (details `{ field }`)
 */
export function requireOwnUpload(ctx: Pick<ActionContext, 'identity'>, fileID: string, purpose: UploadPurpose, opts: { label?: string; field: string; redo: string }): void {
  if (isOwnUpload(ctx, fileID, purpose)) return;
  const label = opts.label ?? CLIENT_UPLOADS[purpose].label;
  throw new AppError('UPLOAD_NOT_OWN', `${label}不是您本人上传的，${opts.redo}`, { field: opts.field });
}
