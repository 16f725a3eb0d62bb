/**
 * The termly roll check calls (定期排查; contracts/schools.ts `startRollCheck` …) and how the pages
 * show a check's progress.
 */
import { callFunction, type Envelope } from '../../services/api';
import { uploadIntoSlots } from '../../services/uploads';
import type { RollProgress, RollResultList } from '../../contracts/schools';

export type { RollProgress, RollChecksView, RollCheckItem, RollResultView, RollChildItem, RollRowItem } from '../../contracts/schools';

/** Uploads a roll into the slot `rollSlot` hands out for this school and starts its check. */
export async function startRollCheck(filePath: string, fileName: string, schoolId: string): Promise<Envelope<RollProgress>> {
  const up = await uploadIntoSlots('schoolRoll', await callFunction('schools', 'rollSlot', { schoolId, fileName }), [filePath]);
  if (!up.ok) return up;
  return callFunction('schools', 'startRollCheck', { fileID: up.data.fileIDs[0], fileName, schoolId });
}
export const advanceRollCheck = (jobId: string) => callFunction('schools', 'advanceRollCheck', { jobId });
export const listRollChecks = (schoolId?: string) => callFunction('schools', 'listRollChecks', schoolId ? { schoolId } : {});
/** A finished check's comparison: the first page of every list, or with `page` one list's next page. */
export const rollCheckResult = (jobId: string, page?: { list: RollResultList; skip: number }) => callFunction('schools', 'rollCheckResult', { jobId, ...(page ?? {}) });
export const rollErrorReport = (jobId: string) => callFunction('schools', 'rollErrorReport', { jobId });

/** A check's progress as one line and a percentage. */
export function rollProgressView(p: Pick<RollProgress, 'status' | 'done' | 'total' | 'counts' | 'refused' | 'reused'>): { percent: number; text: string; done: boolean } {
  const done = p.status === 'done';
  if (done && p.refused) return { percent: 100, text: '名单有错误，未用于排查：请按下面的问题改正后重新上传', done };
  if (done) {
    const c = p.counts;
    const lines = [`读取 ${c.accepted + c.rejected} 名学生：可比对 ${c.accepted} 名`, c.rejected ? `${c.rejected} 行有错误未比对` : '', c.skipped ? `跳过空行、合计等 ${c.skipped} 行` : ''];
    return { percent: 100, text: `${p.reused ? '此文件已上传过，显示上次结果。' : ''}${lines.filter(Boolean).join('，')}`, done };
  }
  if (p.total === undefined) return { percent: 0, text: '正在读取文件…', done };
  const percent = p.total ? Math.floor((p.done / p.total) * 100) : 0;
  return { percent, text: `已比对 ${p.done} / ${p.total} 行`, done };
}
