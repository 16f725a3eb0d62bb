/**
 * 亲情连线's school part (docs/schools.md "Life teachers"): the care notes the child's school's life
 * teachers and teachers logged, for the parent or entrusted guardian. In the main package because
 * packageGuardianship's 亲情连线 shows them and subpackages cannot import each other.
 */
import { callFunction } from '../../services/api';
import { CARE_KIND_LABELS, type CareKind, type ParentCareNotes } from '../../contracts/schools';

export const schoolCareNotes = (childId: string) => callFunction('schools', 'parentCareNotes', { childId });

/** The notes as rows: `10月12日 亲情电话` / `周老师：说想妈妈了`. */
export function schoolNoteRows(v: ParentCareNotes): { key: string; title: string; line: string }[] {
  return (v.notes ?? []).map((n, i) => ({
    key: `${n.on}-${i}`,
    title: `${n.on} ${CARE_KIND_LABELS[n.kind as CareKind] ?? ''}`,
    line: [n.byName, n.note].filter(Boolean).join('：'),
  }));
}
