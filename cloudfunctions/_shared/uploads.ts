/**
 * Whose upload folder is whose. Every client upload goes into `<purpose prefix><folder>/…`, where
 * the folder is a keyed pseudonym of the uploader's openid. Production's storage rules keep a
 * client inside the upload prefixes and its own files; the functions hand out the exact path
 * (an upload slot inside the caller's folder, upload-slots.ts) and accept a fileID only from a
 * slot handed to the caller (docs/security.md). The folder says nothing about the openid without
 * the data key, and fileIDs carry no plaintext openid.
 */
import { lookupHash } from './crypto';
import { UPLOAD_FOLDER_LENGTH } from './security/storage';

/**
 * The upload folder of an openid: 20 hex characters of HMAC-SHA256 under the lookup key.
 * @returns '' for no openid (a caller without a WeChat identity has no folder)
 */
export function uploadFolderOf(openid: string): string {
  return openid ? lookupHash('uploadFolder', openid).slice(0, UPLOAD_FOLDER_LENGTH) : '';
}
