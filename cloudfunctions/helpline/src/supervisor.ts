/**
 * Supervisor actions: service metrics and their xlsx export, the crisis word list, and the
 * scheduler's backstop that releases expired leases.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { addDays, startOfShanghaiDay } from '../../_shared/time';
import { audit } from '../../_shared/access';
import { helplineContract } from '../../_shared/contracts/helpline';
import { HELPLINE_ROLES, HL, SUPERVISOR_ROLES, callerPerson, callerTeam, type ReferralDoc, type RequestDoc } from './common';
import { computeMetrics, metricsTable } from './metrics';
import { releaseExpiredLeases as releaseExpired, waitingWhere } from './queue';
import { currentCrisisWords } from './services';
import { cleanWordList } from './crisis-words';
import type { ActionContext } from '../../_shared/context';
import { fetchAll } from '../../_shared/db';

const A = helplineContract.actions;

/** Longest range a metrics query may cover. */
const MAX_RANGE_DAYS = 366;

async function loadMetrics(ctx: ActionContext, input: { from: string; to: string; by: 'day' | 'week' }) {
  if (input.from > input.to) throw new AppError('VALIDATION_FAILED', '开始日期不能晚于结束日期');
  if (addDays(input.from, MAX_RANGE_DAYS) <= input.to) throw new AppError('VALIDATION_FAILED', `统计范围不超过${MAX_RANGE_DAYS}天`);
  const db = ctx.app.database();
  const _ = db.command;
  const teamId = callerTeam(ctx);
  const now = ctx.now();
  const start = startOfShanghaiDay(input.from);
  const end = startOfShanghaiDay(addDays(input.to, 1));
  const [submitted, closed, referrals, waiting] = await Promise.all([
    fetchAll<RequestDoc>(db.collection(HL.requests).where({ teamId, submittedAt: _.gte(start).and(_.lt(end)) }), 50_000),
    fetchAll<RequestDoc>(db.collection(HL.requests).where({ teamId, status: 'closed', closedAt: _.gte(start).and(_.lt(end)) }), 50_000),
    fetchAll<ReferralDoc>(db.collection(HL.referrals).where({ teamId, deadline: _.gte(start).and(_.lt(end)) }), 50_000),
    fetchAll<RequestDoc>(db.collection(HL.requests).where(waitingWhere(db, teamId, now)).field({ status: true, leaseUntil: true, queuedAt: true }), 50_000),
  ]);
  return computeMetrics({ teamId, requests: [...submitted, ...closed], referrals, waiting, from: input.from, to: input.to, by: input.by, now });
}

export const metrics = action(A.metrics, {
  access: { roles: SUPERVISOR_ROLES },
  example: (w) => ({ from: '2025-03-01', to: '2025-03-07', by: w.scope === 'n/a' ? 'day' : 'week' }),
  /** Metrics of the caller's team for Shanghai days `from`..`to` (docs/helpline.md). Audited as statistics. */
  handler: async (input, ctx) => {
    const m = await loadMetrics(ctx, input);
    await audit(ctx, { op: 'stats', count: m.total.submitted, refs: { teamId: m.teamId } });
    return m;
  },
});

export const exportMetrics = action(A.exportMetrics, {
  access: { roles: SUPERVISOR_ROLES },
  example: () => ({ from: '2025-03-01', to: '2025-03-07', by: 'day' }),
  /**
   * The metrics table as an .xlsx workbook (sheet 服务指标), base64. exceljs is loaded only here.
   * @returns `{ fileName, mimeType, base64 }`
   */
  handler: async (input, ctx) => {
    const m = await loadMetrics(ctx, input);
    const { header, rows } = metricsTable(m);
    const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
    const ExcelJS = mod.default ?? mod;
    const wb = new ExcelJS.Workbook();
    wb.creator = '守望';
    wb.created = ctx.now();
    const ws = wb.addWorksheet('服务指标');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 14));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    await audit(ctx, { op: 'export', count: rows.length, refs: { teamId: m.teamId } });
    return {
      fileName: `热线服务指标-${input.from}至${input.to}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      base64: buf.toString('base64'),
    };
  },
});

export const crisisWords = action(A.crisisWords, {
  access: { roles: HELPLINE_ROLES },
  example: () => ({}),
  /** The list in force: `{ version, words }` (version 0 = the committed default). */
  handler: async (_input, ctx) => currentCrisisWords(ctx.app.database()),
});

export const setCrisisWords = action(A.setCrisisWords, {
  access: { roles: SUPERVISOR_ROLES },
  example: (w) => ({ words: ['自杀', '不想活', `测试词${w.unique().slice(0, 4)}`], baseVersion: 0 }),
  /**
   * Stores the edited list as version `baseVersion + 1`. Two supervisors editing the same version:
   * the second gets CONFLICT and must reload. New words apply to requests submitted afterwards.
   * @throws CONFLICT when `baseVersion` is not the current version
   */
  handler: async (input, ctx) => {
    const db = ctx.app.database();
    const current = await currentCrisisWords(db);
    if (current.version !== input.baseVersion) throw new AppError('CONFLICT', '词表已被他人修改，请刷新后再改');
    const words = cleanWordList(input.words);
    const version = input.baseVersion + 1;
    try {
      await db.collection(HL.crisisWords).add({ _id: `v${version}`, version, words, updatedBy: callerPerson(ctx), at: ctx.now() });
    } catch (err) {
      if (/DUPLICATE/.test(String((err as { code?: unknown }).code ?? ''))) throw new AppError('CONFLICT', '词表已被他人修改，请刷新后再改');
      throw err;
    }
    await audit(ctx, { op: 'write', target: { kind: 'helplineCrisisWords', id: `v${version}` } });
    return { version, words };
  },
});

export const releaseExpiredLeases = action(A.releaseExpiredLeases, {
  access: { internal: true },
  example: () => ({}),
  /** Timer trigger (every minute): releases expired leases of every team. @returns `{ released }` */
  handler: async (_input, ctx) => ({ released: await releaseExpired(ctx.app.database(), ctx.now()) }),
});
