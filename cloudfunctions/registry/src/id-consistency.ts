/**
 * An officer's edit of a child file keeps the ID number, the birth date and the gender telling
 * the same story, as the census import does (census/validate.ts: ID_BIRTH_MISMATCH,
 * GENDER_MISMATCH). GB 11643: digits 7–14 of the ID are the birth date, digit 17 is odd for a man
 * and even for a woman. The values compared are the file as it will be after the edit.
 */
import { AppError } from '../../_shared/errors';
import { isSealed, unseal } from '../../_shared/access';
import { checkIdNumber } from '../../_shared/contracts/fields';
import { formatYmd } from '../../_shared/calendar';
import type { ChildDoc } from '../../_shared/contracts/registry';
import { CENSUS_REASON_MESSAGES } from './census/codes';

/**
 * @param before the stored file
 * @param changes the edit (`changes` of updateChild: plain values, ID numbers not yet sealed)
 * @throws AppError VALIDATION_FAILED naming 出生日期 or 性别 (or 身份证号 when the ID is what changed)
 */
export function assertIdConsistent(before: ChildDoc, changes: Record<string, unknown>): void {
  const touched = ['idNumber', 'birthDate', 'gender'].filter((k) => k in changes);
  if (!touched.length) return;
  const stored = before.idNumber;
  const id = typeof changes.idNumber === 'string' ? changes.idNumber : stored && isSealed(stored) ? unseal(stored) : undefined;
  if (!id) return;
  const checked = checkIdNumber(id, { legacy15: true, today: null });
  if (!checked.ok) return; // the field rule already refused a new one; an old one is not re-judged here
  const birth = (changes.birthDate as string | null | undefined) ?? (changes.birthDate === null ? undefined : before.birthDate);
  const gender = (changes.gender as string | null | undefined) ?? (changes.gender === null ? undefined : before.gender);
  // Name the field the officer changed: the new ID when it is the ID, else the birth date / gender.
  const blame = (field: 'birthDate' | 'gender', label: string, code: 'ID_BIRTH_MISMATCH' | 'GENDER_MISMATCH') => {
    const path = 'idNumber' in changes ? 'changes.idNumber' : `changes.${field}`;
    const shown = 'idNumber' in changes ? '身份证号' : label;
    const message = CENSUS_REASON_MESSAGES[code];
    throw new AppError('VALIDATION_FAILED', `${shown}：${message}`, { issues: [{ path, label: shown, code, message }] });
  };
  if (birth && formatYmd(checked.birth) !== birth) blame('birthDate', '出生日期', 'ID_BIRTH_MISMATCH');
  if (gender && checked.gender !== gender) blame('gender', '性别', 'GENDER_MISMATCH');
}
