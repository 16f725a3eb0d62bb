/**
 * Where the mini-program uploads: `<purpose prefix><uploadFolder>/<name>` (pure; services/uploads.ts
 * does the upload, docs/security.md says why).
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
} as const;
export type UploadPurpose = keyof typeof UPLOAD_PREFIXES;

/** The cloud path of an upload: `<prefix><folder>/<name>`. */
export function ownUploadPath(purpose: UploadPurpose, folder: string, name: string): string {
  return `${UPLOAD_PREFIXES[purpose]}${folder}/${name}`;
}

