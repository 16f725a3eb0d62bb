/**
 * The CJK font every generated PDF uses (a confirmation, a circular), found once per instance.
 * pdfkit embeds only the glyphs a document uses (fontkit subsetting), so a PDF stays small
 * although the font file is about 10 MB.
 *
 * Font file, first found of:
 * 1. `SHOUWANG_PDF_FONT` (a path to a .ttf/.otf with CJK glyphs);
 * 2. `fonts/NotoSansSC-Regular.ttf` next to the built function (what a deployment ships: the
 *    function's `function.json` `assets`);
 * 3. `@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf` from node_modules
 *    (local stack and tests).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AppError } from './errors';

/** Environment variable naming a font file to use instead. */
export const FONT_ENV = 'SHOUWANG_PDF_FONT';
const FONT_PACKAGE_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let fontCache: Buffer | undefined;

/** The CJK font bytes. @throws AppError PDF_FONT_MISSING when no font is found */
export function loadCjkFont(): Buffer {
  if (fontCache) return fontCache;
  const candidates: string[] = [];
  if (process.env[FONT_ENV]) candidates.push(process.env[FONT_ENV]!);
  if (typeof __dirname === 'string') candidates.push(join(__dirname, 'fonts', 'NotoSansSC-Regular.ttf'));
  for (const base of [process.cwd(), typeof __dirname === 'string' ? __dirname : process.cwd()]) {
    try {
      candidates.push(createRequire(join(base, 'package.json')).resolve(FONT_PACKAGE_FILE));
    } catch {
      // not installed there
    }
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new AppError('PDF_FONT_MISSING', '服务器缺少中文字体，暂时无法生成 PDF');
  fontCache = readFileSync(found);
  return fontCache;
}
