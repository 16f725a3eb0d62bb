/**
 * The error report of an import (census roster, school roll): a workbook with one line per
 * rejected row, reasons in Chinese, and the file's and sheets' problems on a second sheet.
 */

/** One rejected row of the report. */
export interface ReportRow {
  file: string;
  sheet: string;
  /** 1-based worksheet row. */
  row: number;
  name?: string;
  messages: string[];
}

/**
 * Builds the report workbook (exceljs, loaded lazily: a vendor chunk).
 * @param rows rejected rows, in file order
 * @param problems file and sheet problems (`sheet` absent: the whole file)
 */
export async function errorReportXlsx(rows: ReportRow[], problems: { sheet?: string; message: string }[]): Promise<Buffer> {
  const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('被拒绝的行');
  ws.columns = [
    { header: '文件', key: 'file', width: 36 },
    { header: '工作表', key: 'sheet', width: 16 },
    { header: '行号', key: 'row', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '原因', key: 'reason', width: 80 },
  ];
  for (const r of rows) ws.addRow({ file: r.file, sheet: r.sheet, row: r.row, name: r.name ?? '', reason: r.messages.join('；') });
  ws.getRow(1).font = { bold: true };
  if (problems.length) {
    const ps = wb.addWorksheet('文件和工作表问题');
    ps.columns = [
      { header: '工作表', key: 'sheet', width: 16 },
      { header: '问题', key: 'message', width: 80 },
    ];
    for (const p of problems) ps.addRow({ sheet: p.sheet ?? '（整个文件）', message: p.message });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
