/**
 * Termly roll check benchmark (prints figures, never passes or fails): a school's roll of `rows`
 * pupils (a large central school) against `linked` registered children linked to it, through the
 * invoker as the roll page calls it: upload into the slot, `startRollCheck`, `advanceRollCheck`
 * until done (polls and wall time), then `rollCheckResult` (median of `calls` after a warm-up).
 *
 *   npx tsx bench/schools-roll.ts [--rows 3000] [--linked 500] [--calls 5]
 */
import { performance } from 'node:perf_hooks';
import { startTestStack } from '../tests/helpers/stack';
import { SIDES, makePersona, useStackKey } from '../tests/helpers/access-world';
import { uploadToSlot } from '../tests/helpers/uploads';
import { checkChar } from '../tests/helpers/census-generator';
import { seal } from '../cloudfunctions/_shared/access/sealed';

process.env.TENCENTCLOUD = 'true';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const ROWS = arg('rows', 3000);
const LINKED = arg('linked', 500);
const CALLS = arg('calls', 5);
const IN = SIDES.in;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const NAMES = '甲乙丙丁戊己庚辛壬癸';
const nameOf = (i: number) => `学生${NAMES[i % 10]}${NAMES[Math.floor(i / 10) % 10]}${NAMES[Math.floor(i / 100) % 10]}`;

async function main(): Promise<void> {
  const t = await startTestStack({ functions: ['schools'] });
  try {
    useStackKey(t);
    const db = t.app.database();
    await db.collection('schools').add({ _id: IN.schoolId, name: '尧渡中心小学', countyCode: IN.countyCode, townshipCode: IN.townshipCode, regionCode: IN.townshipCode, boarding: true, createdAt: new Date() });
    const staff = await makePersona(t.app, 'schoolStaff', IN);
    // Unique IDs: sequence numbers within each birth day.
    const ids = Array.from({ length: ROWS + LINKED }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const seq = String(Math.floor(i / 28)).padStart(3, '0');
      const first17 = `34172120150${1 + (Math.floor(i / 28000) % 9)}${day}${seq}`;
      return first17 + checkChar(first17);
    });
    for (let i = 0; i < LINKED; i++) {
      // Every other linked child is on the roll; the rest are "on no roll".
      const idNumber = i % 2 === 0 ? ids[i] : ids[ROWS + i];
      await db.collection('children').add({ _id: `b-r-${i}`, name: nameOf(i), birthDate: '2015-01-01', countyCode: IN.countyCode, townshipCode: IN.townshipCode, villageCode: IN.villageCode, schoolId: IN.schoolId, status: 'active', version: 1, idNumber: seal('child.idNumber', idNumber) });
    }
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['序号', '姓名', '身份证号', '年级', '班级', '是否留守儿童']);
    for (let i = 0; i < ROWS; i++) ws.addRow([i + 1, nameOf(i), ids[i], 1 + (i % 6), `${1 + (i % 8)}班`, i % 4 === 0 ? '是' : '否']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const fileID = await uploadToSlot(t, { fn: 'schools', action: 'rollSlot', input: { schoolId: IN.schoolId, fileName: '名单.xlsx' }, openid: staff.openid }, bytes);
    const t0 = performance.now();
    const started = await t.call<{ jobId: string; status: string }>('schools', 'startRollCheck', { fileID, fileName: '名单.xlsx', schoolId: IN.schoolId }, { openid: staff.openid });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const startMs = performance.now() - t0;
    let p: { status: string; done?: number; counts?: unknown } = started.data;
    let polls = 0;
    const pollMs: number[] = [];
    while (p.status !== 'done') {
      const s = performance.now();
      const r = await t.call<{ status: string; done: number; counts: unknown }>('schools', 'advanceRollCheck', { jobId: started.data.jobId }, { openid: staff.openid });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      pollMs.push(performance.now() - s);
      p = r.data;
      polls++;
    }
    const totalMs = performance.now() - t0;
    const resultMs: number[] = [];
    let lists = '';
    for (let i = 0; i <= CALLS; i++) {
      const s = performance.now();
      const r = await t.call<{ notOnRoll: unknown[]; unregistered: unknown[] }>('schools', 'rollCheckResult', { jobId: started.data.jobId }, { openid: staff.openid });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      if (i > 0) resultMs.push(performance.now() - s);
      lists = `notOnRoll ${r.data.notOnRoll.length}, unregistered ${r.data.unregistered.length}`;
    }
    console.log(`roll of ${ROWS} rows (${(bytes.length / 1024).toFixed(0)} KB), ${LINKED} linked children`);
    console.log(`startRollCheck ${startMs.toFixed(0)} ms; ${polls} polls, slowest ${Math.max(...pollMs).toFixed(0)} ms; upload→done ${totalMs.toFixed(0)} ms (${(totalMs / ROWS).toFixed(2)} ms/row)`);
    console.log(`rollCheckResult median ${median(resultMs).toFixed(0)} ms (${lists}); counts ${JSON.stringify(p.counts)}`);
  } finally {
    await t.stop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
