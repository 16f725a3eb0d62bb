/**
 * Calendar dates: strict parsing of every written style, Excel serials (1900 and 1904 systems),
 * exceljs Dates, ages with the 29 February rule. Runs under TZ=UTC and TZ=Asia/Shanghai: nothing
 * may depend on the process time zone.
 */
import ExcelJS from 'exceljs';
import {
  ageOn,
  civilFromDays,
  daysFromCivil,
  excelDateToYmd,
  excelSerialToYmd,
  formatYmd,
  parseIsoDay,
} from '../../../cloudfunctions/_shared/calendar';
import { parseDateCell } from '../../../cloudfunctions/registry/src/census/normalize';

const ymd = (s: string) => parseIsoDay(s)!;
const day = (v: Parameters<typeof parseDateCell>[0], date1904 = false) => {
  const r = parseDateCell(v, date1904);
  return r.ok ? formatYmd(r.ymd) : 'invalid';
};

describe('parseDateCell', () => {
  it.each([
    ['2015-03-08', '2015-03-08'],
    ['2015-3-8', '2015-03-08'],
    ['2015.3.8', '2015-03-08'],
    ['2015/3/8', '2015-03-08'],
    ['2015年3月8日', '2015-03-08'],
    ['2015年03月08日', '2015-03-08'],
    ['２０１５年３月８日', '2015-03-08'],
    ['20150308', '2015-03-08'],
    [' 2015-03-08 00:00:00 ', '2015-03-08'],
    ['42071', '2015-03-08'],
    ['2016-02-29', '2016-02-29'],
  ])('%s → %s', (input, want) => {
    expect(day(input)).toBe(want);
  });

  it.each(['2015-02-30', '2015-02-29', '2015-13-01', '2015/3', '15/3/8', '3/8/2015', '2015.3-8', '2015年3月', '20150230', 'abc', '1899-12-31', '123', '2015-03-08T16:00:00Z'])(
    '%s is not a date (DATE_INVALID)',
    (input) => {
      expect(day(input)).toBe('invalid');
    },
  );

  it('reads Excel serials in the 1900 system, refusing the phantom 1900-02-29', () => {
    expect(day(42071)).toBe('2015-03-08');
    expect(day(1)).toBe('1900-01-01');
    expect(day(59)).toBe('1900-02-28');
    expect(day(60)).toBe('invalid');
    expect(day(61)).toBe('1900-03-01');
    expect(day(42071.75)).toBe('2015-03-08');
    expect(day(0)).toBe('invalid');
    expect(day(20150308)).toBe('2015-03-08');
    expect(excelSerialToYmd(45000)).toEqual({ y: 2023, m: 3, d: 15 });
  });

  it('reads serials of 1904-system workbooks', () => {
    expect(day(0, true)).toBe('1904-01-01');
    expect(day(40609, true)).toBe('2015-03-08');
  });

  it('takes the UTC calendar day of an exceljs Date, whatever the process zone', () => {
    expect(day(new Date('2013-08-27T00:00:00.000Z'))).toBe('2013-08-27');
    // Float error just below midnight belongs to the same day.
    expect(excelDateToYmd(new Date(Date.UTC(2013, 7, 27) - 1))).toEqual({ y: 2013, m: 8, d: 27 });
  });

  it('reads date cells exceljs writes and reads back, in this process zone', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.getCell('A1').value = new Date('2008-02-29T00:00:00.000Z');
    ws.getCell('A1').numFmt = 'yyyy-mm-dd';
    ws.getCell('A2').value = 39507; // 2008-02-29 as a plain serial
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as any);
    const cells = back.worksheets[0];
    expect(day(cells.getCell('A1').value as Date)).toBe('2008-02-29');
    expect(day(cells.getCell('A2').value as number)).toBe('2008-02-29');
  });
});

describe('calendar arithmetic', () => {
  it('round-trips day counts', () => {
    for (const s of ['1900-03-01', '1970-01-01', '2000-02-29', '2026-09-30', '2100-03-01']) {
      const d = ymd(s);
      expect(formatYmd(civilFromDays(daysFromCivil(d.y, d.m, d.d)))).toBe(s);
    }
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });

  it('counts completed years; the birthday itself counts', () => {
    expect(ageOn(ymd('2010-09-30'), ymd('2026-09-30'))).toBe(16);
    expect(ageOn(ymd('2010-10-01'), ymd('2026-09-30'))).toBe(15);
    expect(ageOn(ymd('2026-09-30'), ymd('2026-09-30'))).toBe(0);
    expect(ageOn(ymd('2026-10-01'), ymd('2026-09-30'))).toBe(-1);
  });

  it('puts a 29 February birthday on 1 March in years without one', () => {
    const leapling = ymd('2012-02-29');
    expect(ageOn(leapling, ymd('2027-02-28'))).toBe(14);
    expect(ageOn(leapling, ymd('2027-03-01'))).toBe(15);
    expect(ageOn(leapling, ymd('2028-02-28'))).toBe(15);
    expect(ageOn(leapling, ymd('2028-02-29'))).toBe(16);
    expect(ageOn(ymd('2084-02-29'), ymd('2100-02-28'))).toBe(15);
    expect(ageOn(ymd('2084-02-29'), ymd('2100-03-01'))).toBe(16);
  });
});
