/**
 * Upload paths in a person's own folder (`<prefix><folder>/<name>`), as the mini-program builds
 * them from `accounts.me`: tests and benchmarks upload where the person's page would, so the
 * functions' own-upload check (cloudfunctions/_shared/uploads.ts) holds.
 */
import { DATA_KEY_ENV } from '../../cloudfunctions/_shared/crypto';
import { uploadFolderPrefix, type UploadPurpose } from '../../cloudfunctions/_shared/security/storage';
import { uploadFolderOf } from '../../cloudfunctions/_shared/uploads';
import { ensureDevDataKey } from '../../local/stack';

/**
 * The cloud path of `name` in `openid`'s folder for `purpose`, under the stack's data key (set
 * into this process's environment, as `useStackKey` does).
 * @param dataDir the stack's data folder (`stack.dataDir`)
 */
export function ownUploadPath(dataDir: string, purpose: UploadPurpose, openid: string, name: string): string {
  process.env[DATA_KEY_ENV] = ensureDevDataKey(dataDir);
  return `${uploadFolderPrefix(purpose, uploadFolderOf(openid))}${name}`;
}
