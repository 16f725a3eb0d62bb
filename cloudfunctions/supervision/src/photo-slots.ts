/**
 * Where the photos of a re-verification (核实) or of a township's answer (整改回复) are uploaded:
 * one-time slots handed to the person who may record that item or answer that follow-up
 * (_shared/upload-slots.ts); `recordSpotCheck` / `answerFollowUp` take photos only from them.
 */
import { action } from '../../_shared/router';
import { AppError } from '../../_shared/errors';
import { dbOf, getDoc } from '../../_shared/db';
import { supervisionContract, type SpotCheckItemDoc } from '../../_shared/contracts/supervision';
import { issueSlots } from '../../_shared/upload-slots';
import { SV } from './common';
import { exampleCheck, managed } from './spot-checks';
import { reachable } from './follow-ups';
import { photoTask } from './photo-tasks';

const A = supervisionContract.actions;

export const photoSlots = action(A.photoSlots, {
  access: { roles: ['countyAdmin', 'townshipStaff'], dataScope: 'handler' },
  example: async (w) => ({ itemId: `${await exampleCheck(w)}-${w.side.townshipCode}-1`, count: 1 }),
  /**
   * Hands the caller `count` one-time slots (`supervision/photos/<caller's folder>/<slot id>.jpg`,
   * valid for a day) for photos of one spot-check item (`itemId`; a county admin of its county,
   * the item not yet recorded) or of one follow-up (`followUpId`; township staff of its township,
   * the task open). Policy §三 督促检查 / 跟踪问效.
   * @returns `{ slots: [{ cloudPath, expiresAt }] }`
   * @throws NOT_FOUND; FORBIDDEN; CONFLICT when the item is recorded or the follow-up not open
   */
  handler: async (input, ctx) => {
    let task: string;
    if (input.itemId) {
      const item = await getDoc<SpotCheckItemDoc>(dbOf(ctx), SV.spotCheckItems, input.itemId);
      if (!item) throw new AppError('NOT_FOUND', '没有这一项抽查');
      await managed(ctx, item.checkId);
      if (item.status !== 'pending') throw new AppError('CONFLICT', '这一项已经核实过了');
      task = photoTask.item(item._id);
    } else {
      const { doc, role } = await reachable(ctx, input.followUpId!);
      if (role !== 'townshipStaff') throw new AppError('FORBIDDEN', '整改情况由乡镇工作人员回复');
      if (doc.status !== 'open') throw new AppError('CONFLICT', '这项整改任务不在待回复状态');
      task = photoTask.followUp(doc._id);
    }
    return { slots: await issueSlots(ctx, 'supervisionPhoto', task, '.jpg', input.count) };
  },
});
