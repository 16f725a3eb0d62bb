/**
 * For tests of any action that returns child data: checks a response against the masking table
 * (docs/masking.csv) for the caller's role, given the plaintext of the sealed fields the data
 * holds. `full` → the plaintext appears; `reveal`/`masked` → the masked form appears and the
 * plaintext does not; `hidden` → neither appears.
 *
 *   expectMaskedFor(res.data, 'teacher', [{ field: 'guardian.phone', plain: '13800005671' }]);
 */
import { MASKING, maskAs, visibility, type FieldKey } from '../../cloudfunctions/_shared/access/masking';
import type { RoleName } from '../../cloudfunctions/_shared/access/roles';

export function maskingProblems(response: unknown, role: RoleName, secrets: { field: FieldKey; plain: string }[]): string[] {
  const text = JSON.stringify(response);
  const problems: string[] = [];
  for (const { field, plain } of secrets) {
    const vis = visibility(field, role);
    const masked = maskAs(MASKING[field].type, plain);
    const hasPlain = text.includes(plain);
    const hasMasked = text.includes(masked);
    if (vis === 'full' && !hasPlain) problems.push(`${field} should be in full for ${role}`);
    if ((vis === 'masked' || vis === 'reveal') && (hasPlain || !hasMasked)) problems.push(`${field} should be masked (${masked}) for ${role}`);
    if (vis === 'hidden' && (hasPlain || hasMasked)) problems.push(`${field} should be hidden from ${role}`);
  }
  return problems;
}

/** Jest assertion form of `maskingProblems`. */
export function expectMaskedFor(response: unknown, role: RoleName, secrets: { field: FieldKey; plain: string }[]): void {
  expect(maskingProblems(response, role, secrets)).toEqual([]);
}
