/**
 * Where the mini-program uploads, by purpose (pure; services/uploads.ts does the upload,
 * docs/security.md says why). The exact path of each upload is handed out by a function (an
 * upload slot: `<prefix><folder>/<slot id>…`); the page only checks it lies under the prefix of
 * the purpose it asked for.
 */

/**
 * Upload prefixes by purpose, as cloudfunctions/_shared/security/storage.ts declares them
 * (tests/functions/storage-rules.test.ts holds the two together; the mini-program does not import
 * function code).
 */
export const UPLOAD_PREFIXES = {
  signature: 'signatures/',
  censusRoster: 'census/uploads/',
  schoolRoll: 'schools/rolls/',
  articleCover: 'articles/covers/',
  supervisionPhoto: 'supervision/photos/',
  visitPhoto: 'visits/',
  dropoutDocument: 'schools/documents/',
  homePhoto: 'schools/homes/',
} as const;
export type UploadPurpose = keyof typeof UPLOAD_PREFIXES;

/** True when a handed-out slot path is one for `purpose` (under its prefix, no `..`). */
export function isSlotPathFor(purpose: UploadPurpose, cloudPath: string): boolean {
  return cloudPath.startsWith(UPLOAD_PREFIXES[purpose]) && !cloudPath.split('/').includes('..');
}
