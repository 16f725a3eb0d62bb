/**
 * The circular as a PDF (the printable 通报 a bureau files or forwards): title, period, the
 * headline figures, the township ranking and every county-level indicator with its rate. It
 * lists no child and no item (those stay in the xlsx, names masked), so nothing personal is in
 * it. Rendered on the first download (pdfkit and the ~10 MB font load only then) and kept.
 */
import { loadCjkFont } from '../../_shared/cjk-font';
import { INDICATOR_KEYS, INDICATOR_SECTIONS, type IndicatorKey } from '../../_shared/contracts/indicators';
import type { CircularDoc, FiguresDoc, RankRow } from '../../_shared/contracts/supervision';
import { BUSINESS_TZ, dayjs } from '../../_shared/time';
import { infoOf, rateOf, shows } from './figures';

/** Renders the PDF bytes of a circular from its document and its run's county and township figures. */
export async function renderCircularPdf(doc: CircularDoc, county: FiguresDoc, ranking: RankRow[]): Promise<Buffer> {
  // require (not import()): the bundler takes pdfkit's CommonJS build; it runs only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const pdf = new PDFDocument({ size: 'A4', margin: 50, font: null as unknown as string, info: { Title: doc.title, Producer: '守望', Creator: '守望' } as never, compress: true });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('cjk', loadCjkFont());
  pdf.font('cjk');
  pdf.fontSize(16).text(doc.title, { align: 'center' });
  pdf.moveDown(0.5);
  pdf.fontSize(10).text(`统计期：${doc.period.from} 至 ${doc.period.to}${doc.final ? '' : '（本月未结束）'}\u3000生成：${dayjs(doc.generatedAt).tz(BUSINESS_TZ).format('YYYY年M月D日 HH:mm')}`, { align: 'center' });
  pdf.moveDown(1);

  const s = doc.summary;
  pdf.fontSize(12).text('一、总体情况');
  pdf.fontSize(10.5);
  pdf.text(`全县在册农村留守儿童 ${s.registered} 人。走访逾期 ${s.overdue.visits} 人，监护责令逾期 ${s.overdue.orders} 件，强制报告超时确认 ${s.overdue.reportsLate} 件，督查整改逾期 ${s.overdue.followUps} 件。`, { lineGap: 3 });
  pdf.text(s.spotChecks.checked ? `随机抽查核实 ${s.spotChecks.checked} 件，发现与记录不符 ${s.spotChecks.discrepancies} 件，已向相关乡镇开出整改任务。` : '本期没有核实完毕的随机抽查。', { lineGap: 3 });
  pdf.moveDown(0.8);

  pdf.fontSize(12).text('二、乡镇排名（按各项完成率平均得分）');
  pdf.fontSize(10.5);
  for (const r of ranking) pdf.text(r.noChildren ? `不排名\u3000${r.region.name}\u3000无登记儿童` : `第${r.rank}名\u3000${r.region.name}\u3000${r.score === null ? '暂无可比的完成率' : `${r.score} 分`}`, { lineGap: 2 });
  pdf.moveDown(0.8);

  pdf.fontSize(12).text('三、各项指标（全县）');
  let section = '';
  for (const k of INDICATOR_KEYS) {
    if (!shows(k, 'county')) continue;
    const info = infoOf(k);
    if (info.section !== section) {
      section = info.section;
      pdf.moveDown(0.3).fontSize(11).text(INDICATOR_SECTIONS[info.section as keyof typeof INDICATOR_SECTIONS]);
    }
    const v = county.values[k] ?? null;
    const rate = info.of ? rateOf(v, county.values[info.of as IndicatorKey] ?? null) : null;
    pdf.fontSize(10).text(`${info.label}：${v === null ? '—' : `${v} ${info.unit}`}${rate === null ? '' : `（${rate}%）`}`, { lineGap: 1 });
  }
  pdf.moveDown(1);
  pdf.fontSize(9).text('逾期事项和抽查发现的问题明细见同期 Excel 通报（儿童姓名已脱敏）。各项指标的口径见 Excel“全县指标”。');
  pdf.end();
  return done;
}
