/**
 * The schools function's edits of a child file (event `childSchoolingSet`; docs/schools.md): a
 * school's dropout report, a return to school (复学) and linking a child to a school change the
 * file's `schooling` / `schoolId` through `changeChild`, so the change is versioned with its
 * reason and who made it like any officer edit, and the county summary counts it at once.
 */
import type { ActionContext } from '../../_shared/context';
import type { EventData } from '../../_shared/contracts/events';
import { dbOf } from '../../_shared/db';
import { changeChild } from './children';

/**
 * Applies a schooling / school change sent by the schools function.
 * @returns the changed paths (empty when the file already said so)
 * @throws AppError NOT_FOUND when the child file does not exist (the sender reports it)
 */
export async function onChildSchoolingSet(data: EventData<'childSchoolingSet'>, ctx: ActionContext): Promise<{ changed: string[] }> {
  const { changes } = await changeChild(
    dbOf(ctx),
    data.childId,
    (d) => {
      if (data.schooling) d.schooling = data.schooling;
      if (data.schoolId) d.schoolId = data.schoolId;
    },
    { op: 'update', reason: data.reason, by: { ...(data.by.personId ? { personId: data.by.personId } : {}), role: data.by.role, kind: 'officer' }, now: ctx.now() },
  );
  return { changed: changes.map((c) => c.path) };
}
