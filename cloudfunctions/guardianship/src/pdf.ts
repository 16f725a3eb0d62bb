/**
 * PDF of a signed confirmation: the text, the parties, each signature image with its time (and
 * "协助签署" when assisted), the validity and the verification code, in Chinese with Noto Sans SC.
 *
 * pdfkit and the font load lazily, inside this action only (DESIGN.md: heavy parts such as PDF
 * load lazily; exempt from the cold-start budget). pdfkit embeds a subset of the font (fontkit
 * subsetting): only the glyphs the document uses, so a one-page PDF stays small although the
 * font file is about 10 MB.
 *
 * The font: _shared/cjk-font.ts (shared with the supervision circular's PDF).
 */
import { AppError } from '../../_shared/errors';
import { action } from '../../_shared/router';
import { dayjs } from '../../_shared/time';
import { CONFIRMATION_STATUS_LABELS, guardianshipContract, PARTY_KEYS, PARTY_LABELS, type ConfirmationDoc } from '../../_shared/contracts/guardianship';
import { CONFIRMATION_READERS, confirmationTarget } from './common';
import { verificationCode } from './seal';
import type { ActionContext } from '../../_shared/context';
import { downloadStoredFile } from '../../_shared/db';
import { loadCjkFont } from '../../_shared/cjk-font';

const A = guardianshipContract.actions;

const fmt = (d: Date | string | undefined) => (d ? dayjs(d).tz('Asia/Shanghai').format('YYYY年M月D日 HH:mm') : '—');

/**
 * Renders the PDF bytes of a confirmation.
 * @param images signature PNG bytes by party (missing parties are left blank)
 */
export async function renderConfirmationPdf(doc: ConfirmationDoc, images: Partial<Record<string, Buffer>>): Promise<Buffer> {
  // require (not import()): the bundler then takes pdfkit's CommonJS build, which needs no
  // import.meta; it still runs only here, on the first PDF.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const font = loadCjkFont();
  const pdf = new PDFDocument({ size: 'A4', margin: 56, font: null as unknown as string, info: { Title: doc.title, Producer: '守望', Creator: '守望' } as never, compress: true });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('cjk', font);
  pdf.font('cjk');
  pdf.fontSize(18).text(doc.title, { align: 'center' });
  pdf.moveDown(0.8);
  pdf.fontSize(10.5);
  for (const para of doc.text.split('\n')) pdf.text(para, { lineGap: 3, paragraphGap: 4 });
  pdf.moveDown(1);
  pdf.fontSize(12).text('签署情况', { underline: false });
  pdf.moveDown(0.4);
  for (const key of PARTY_KEYS) {
    const party = doc.parties.find((p) => p.key === key);
    if (!party) continue;
    const s = doc.signatures?.[key];
    if (pdf.y > 700) pdf.addPage();
    pdf.fontSize(10.5).text(`${PARTY_LABELS[key]}：${party.name}${party.relation ? `（${party.relation}）` : ''}`);
    const img = images[key];
    if (s && img) {
      const y = pdf.y + 2;
      pdf.image(img, pdf.page.margins.left, y, { fit: [180, 60] });
      pdf.y = y + 64;
      pdf.x = pdf.page.margins.left;
      pdf.fontSize(9).text(`签署时间：${fmt(s.signedAt)}${s.assisted ? '\u3000协助签署（由村专干手机代为记录，已核对本人姓名及身份证号后四位）' : ''}`);
    } else {
      pdf.fontSize(9).text('未签署');
    }
    pdf.moveDown(0.6);
  }
  pdf.moveDown(0.5);
  pdf.fontSize(9.5);
  pdf.text(`状态：${CONFIRMATION_STATUS_LABELS[doc.status]}\u3000模板版本：第${doc.templateVersion}版`);
  pdf.text(`制作时间：${fmt(doc.preparedAt)}\u3000生效时间：${fmt(doc.inForceAt)}\u3000到期日：${doc.expiresOn ?? '—'}`);
  if (doc.seal) {
    pdf.text(`核验码：${verificationCode(doc.seal.mac)}`);
    pdf.text(`防篡改签章（HMAC-SHA256，RFC 8785 规范化）：${doc.seal.mac}`);
  }
  pdf.text(`文书编号：${doc._id}`);
  pdf.end();
  return done;
}

/**
 * The PDF already stored at `cloudPath` (its fileID and size), or undefined. An environment has one
 * bucket, so the `cloud://<env>.<bucket>/` of the document's signature copies names this PDF's too.
 */
async function storedPdf(ctx: ActionContext, doc: ConfirmationDoc, cloudPath: string): Promise<{ fileID: string; bytes: number } | undefined> {
  const known = Object.values(doc.signatures ?? {}).find((s) => s?.fileID)?.fileID ?? '';
  const base = /^cloud:\/\/[^/]+\//.exec(known)?.[0];
  if (!base) return undefined;
  const fileID = `${base}${cloudPath}`;
  const urls = (await ctx.app.getTempFileURL({ fileList: [fileID] })) as { fileList: { code?: string }[] };
  if (urls.fileList?.[0]?.code !== 'SUCCESS') return undefined;
  try {
    return { fileID, bytes: (await downloadStoredFile(ctx, fileID, '确认书 PDF')).length };
  } catch {
    return undefined;
  }
}

export const renderPdf = action(A.renderPdf, {
  access: { roles: CONFIRMATION_READERS, target: confirmationTarget((i: { confirmationId: string }) => i.confirmationId), audit: 'export' },
  example: async (w) => {
    const { exampleConfirmation } = await import('./confirmations');
    return { confirmationId: await exampleConfirmation(w) };
  },
  handler: async (_input, ctx: ActionContext) => {
    const doc = ctx.grant!.target!.doc as ConfirmationDoc;
    if (doc.status === 'pending' || !doc.seal) throw new AppError('NOT_SIGNED', '确认书尚未签署完毕，不能下载');
    // One PDF per sealed state and status, written once (write-once prefix guardianship/pdf/):
    // a later request hands out the stored file instead of writing over it.
    const cloudPath = `guardianship/pdf/${doc._id}-${doc.seal.mac.slice(0, 12)}-${doc.status}.pdf`;
    let up = await storedPdf(ctx, doc, cloudPath);
    let bytes = up?.bytes;
    if (!up) {
      const images: Partial<Record<string, Buffer>> = {};
      for (const key of PARTY_KEYS) {
        const s = doc.signatures?.[key];
        if (s) images[key] = await downloadStoredFile(ctx, s.fileID, '签名图片');
      }
      const rendered = await renderConfirmationPdf(doc, images);
      try {
        up = { fileID: ((await ctx.app.uploadFile({ cloudPath, fileContent: rendered })) as { fileID: string }).fileID, bytes: rendered.length };
      } catch (err) {
        // Another request wrote it first (write-once): use theirs.
        up = await storedPdf(ctx, doc, cloudPath);
        if (!up) throw err;
      }
      bytes = up.bytes;
    }
    const urls = (await ctx.app.getTempFileURL({ fileList: [up.fileID] })) as { fileList: { tempFileURL?: string }[] };
    ctx.auditExtra = { refs: { fileID: up.fileID } };
    return { fileID: up.fileID, url: urls.fileList?.[0]?.tempFileURL, bytes: bytes! };
  },
});
