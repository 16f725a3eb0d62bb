/**
 * Where files live in cloud storage, and who may write them (docs/security.md "存储安全规则").
 *
 * - The mini-program uploads only for five purposes, each under its own prefix and inside the
 *   caller's upload folder, and only to a path a function handed out for that person, purpose and
 *   task (an upload slot, _shared/upload-slots.ts): `<prefix><folder>/<slotId><rest>`. The folder is
 *   a keyed pseudonym of the caller's openid; the slot id is random and recorded server-side, so a
 *   function that takes a fileID knows who it was handed to, for what, and that it was not used
 *   before (`claimSlots`).
 * - storage.rules.json (next to this file) is what production enforces for clients; `npm run
 *   deploy` applies it and the stand-in evaluates the same file for the local gateway.
 * - Everything else (generated PDFs, evidence copies of signatures, exports) is written by
 *   functions only; the rules give clients no write anywhere else.
 * - Write-once prefixes go beyond what CloudBase's rule language can say: the stand-in refuses
 *   any overwrite or delete there, from a client or a function. In production the evidence copy
 *   under `evidence/` (written by the signing function, never writable by clients) is what keeps a
 *   signature from being replaced.
 *
 * No Node imports: the stand-in and tests import this too.
 */

/**
 * The upload purposes: prefix, the file as a person calls it, and whether a page uploads it today
 * (`page: true` = storage.rules.json lets clients write there; a test holds the two together).
 */
export const CLIENT_UPLOADS = {
  /** A signer's drawn signature (and the assisted-signing photo): sign page. */
  signature: { prefix: 'signatures/', label: '签名图片', page: true },
  /** A census roster (花名册) uploaded for import: registry import page. */
  censusRoster: { prefix: 'census/uploads/', label: '花名册文件', page: true },
  /** A school's roll (学籍名单) uploaded for the termly check (定期排查): schools roll page. */
  schoolRoll: { prefix: 'schools/rolls/', label: '学籍名单文件', page: true },
  /** An article's cover image: article editor. */
  articleCover: { prefix: 'articles/covers/', label: '封面图片', page: true },
  /** A visit photo (care.recordVisit `photos`): the visit page. */
  visitPhoto: { prefix: 'visits/', label: '走访照片', page: true },
  /** A photo of a spot check's re-verification or of a township's answer to a follow-up: 核实, 督查整改. */
  supervisionPhoto: { prefix: 'supervision/photos/', label: '核实照片', page: true },
  /** A photo of a legal measure's document (通知书, 督促书) on a dropout case: 辍学劝返个案. */
  dropoutDocument: { prefix: 'schools/documents/', label: '文书照片', page: true },
  /** A photo of a 留守儿童之家's activity or of its inspection: 记录活动, 检查评星. */
  homePhoto: { prefix: 'schools/homes/', label: '之家照片', page: true },
} as const;
export type UploadPurpose = keyof typeof CLIENT_UPLOADS;

/** Hex characters of an upload folder (a keyed pseudonym of the uploader's openid). */
export const UPLOAD_FOLDER_LENGTH = 20;

/**
 * Prefixes whose files are written once: neither a client nor a function may overwrite or delete
 * an existing file there (the stand-in enforces it; see the module comment for production).
 * - `signatures/`: what a signer uploaded (a retry uploads under a new name).
 * - `evidence/`: the function's copy of each signature image and assisted-signing photo.
 * - `guardianship/pdf/`: the PDF of a confirmation in one sealed state and status.
 * - `visits/`: a visit's photos (each slot is filled once; the visit record names them).
 */
export const WRITE_ONCE_PREFIXES = ['signatures/', 'evidence/', 'guardianship/pdf/', 'visits/'] as const;

/** True when `path` (a cloud path, no leading slash) lies under a write-once prefix. */
export function isWriteOnce(path: string): boolean {
  return WRITE_ONCE_PREFIXES.some((p) => path.startsWith(p));
}

/** The folder part of an upload path: `<prefix><folder>/`. */
export function uploadFolderPrefix(purpose: UploadPurpose, folder: string): string {
  return `${CLIENT_UPLOADS[purpose].prefix}${folder}/`;
}

/** Hex characters of an upload slot's id (random, handed out by a function, _shared/upload-slots.ts). */
export const SLOT_ID_LENGTH = 24;

/** How long a handed-out slot may be uploaded to and attached, minutes (a day: a visit may be written up in the evening). */
export const SLOT_TTL_MINUTES = 24 * 60;

/**
 * The slot id in an upload path `<prefix><folder>/<slotId>…`, with its purpose; undefined when the
 * path is not a slot path of any client upload purpose.
 */
export function slotOfPath(path: string): { purpose: UploadPurpose; slotId: string } | undefined {
  const clean = path.replace(/^\/+/, '');
  for (const [purpose, { prefix }] of Object.entries(CLIENT_UPLOADS) as Array<[UploadPurpose, { prefix: string }]>) {
    if (!clean.startsWith(prefix)) continue;
    const m = new RegExp(`^[0-9a-f]{${UPLOAD_FOLDER_LENGTH}}/([0-9a-f]{${SLOT_ID_LENGTH}})`).exec(clean.slice(prefix.length));
    // census/uploads/ lies under no other prefix and articles/covers/ only under none; the first match is the purpose.
    return m ? { purpose, slotId: m[1] } : undefined;
  }
  return undefined;
}
