/**
 * What each role sees of each sensitive field. This TS table is the compiled form of
 * `docs/masking.csv` (the document people read); tests/unit/access-masking.test.ts fails when the
 * two differ, so change both together.
 *
 * Visibility values:
 * - `full`: the value itself, in every response that carries it;
 * - `reveal`: masked in responses; the full value only through an explicit, audited request
 *   (`accounts.revealChildField` / `revealPersonField`);
 * - `masked`: masked, never more;
 * - `hidden`: left out of responses.
 * A person always sees their own person record in full.
 */
import { ROLES, type RoleName } from './roles';

export type Visibility = 'full' | 'reveal' | 'masked' | 'hidden';
/** How a field is masked. */
export type FieldType = 'name' | 'idNumber' | 'phone' | 'text';

export const VISIBILITIES: readonly Visibility[] = ['full', 'reveal', 'masked', 'hidden'];

type Row = { type: FieldType; see: Record<RoleName, Visibility> };

// Column order = ROLES: public, parent, entrustedGuardian, villageOfficer, townshipStaff, police,
// teacher, lifeTeacher, schoolStaff, pairingMember, helplineAgent, helplineSupervisor,
// publisher, reviewer, countyAdmin, volunteer, siteStaff.
function row(type: FieldType, cells: string): Row {
  const values = cells.trim().split(/\s+/) as Visibility[];
  if (values.length !== ROLES.length) throw new Error(`masking row needs ${ROLES.length} cells`);
  return { type, see: Object.fromEntries(ROLES.map((r, i) => [r, values[i]])) as Record<RoleName, Visibility> };
}

/** Field key → type and per-role visibility. Keys are `<entity>.<field>`. */
export const MASKING = {
  //                      pub    par    eg     vo     ts     pol    tea    lt     ss     pm     hla    hls    publ   rev    ca     vol    site
  'child.name': row('name', 'hidden full full full full full full full full full masked masked hidden hidden full hidden masked'),
  'child.idNumber': row('idNumber', 'hidden reveal masked reveal reveal reveal hidden hidden reveal hidden hidden hidden hidden hidden reveal hidden hidden'),
  'child.address': row('text', 'hidden full full full full full hidden hidden masked full hidden hidden hidden hidden full hidden hidden'),
  'guardian.name': row('name', 'hidden full full full full full full full full full hidden hidden hidden hidden full hidden hidden'),
  'guardian.idNumber': row('idNumber', 'hidden masked masked reveal reveal reveal hidden hidden hidden hidden hidden hidden hidden hidden reveal hidden hidden'),
  'guardian.phone': row('phone', 'hidden full full reveal reveal reveal reveal reveal reveal reveal hidden hidden hidden hidden reveal hidden hidden'),
  'person.name': row('name', 'hidden full full full full full full full full full full full full full full full full'),
  'person.phone': row('phone', 'hidden masked masked reveal reveal reveal masked masked masked masked masked masked masked masked reveal masked masked'),
  'person.idNumber': row('idNumber', 'hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden reveal hidden hidden'),
  'correction.value': row('text', 'hidden full full full full hidden hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  // Helpline: the requester's openid is kept only to deliver replies (never shown); the callback
  // phone a requester leaves is for the helpline team alone.
  'helpline.requesterOpenid': row('text', 'hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden'),
  'helpline.callbackPhone': row('phone', 'hidden hidden hidden hidden hidden hidden hidden hidden hidden hidden full full hidden hidden hidden hidden hidden'),
  // Care: a visit's location check-in (taken only with the visitor's consent) is for the staff
  // who plan and check visits; everyone else sees the visit without it.
  'visit.location': row('text', 'hidden hidden hidden full full hidden hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  // Guardianship: an assisted signature records the guardian's name and ID last four (officials
  // and the child's own guardians); contact notes of guardianship orders are for the staff who
  // work the order; a parent's check-in message is for its recipients and the officials.
  'confirmation.assistedName': row('name', 'hidden full full full full full hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  'confirmation.assistedIdLast4': row('text', 'hidden masked masked full full full hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  'guardianshipOrder.contactNote': row('text', 'hidden hidden hidden full full full hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  'checkIn.message': row('text', 'hidden full full full full hidden hidden hidden hidden hidden hidden hidden hidden hidden full hidden hidden'),
  // Community (issue 18): a service site's contact phone is the number the institution publishes
  // (温馨家园, protection centre, social organisation) for families to call — shown in full to
  // everyone, public included; it is still sealed at rest like every phone (it may be a duty
  // officer's own mobile).
  'site.phone': row('phone', 'full full full full full full full full full full full full full full full full full'),
} satisfies Record<string, Row>;

export type FieldKey = keyof typeof MASKING;

/** True when `x` names a field in the masking table. */
export function isFieldKey(x: unknown): x is FieldKey {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(MASKING, x);
}

/** What `role` sees of `field`; unknown fields are hidden (deny by default). */
export function visibility(field: string, role: RoleName): Visibility {
  return isFieldKey(field) ? MASKING[field].see[role] : 'hidden';
}

/**
 * Masks a resident ID number: first 4 and last 4 characters kept, the rest `*`
 * (`341721201001011234` → `3417**********1234`). Shorter than 9 characters: all `*`.
 */
export function maskIdNumber(value: string): string {
  const v = Array.from(value);
  if (v.length < 9) return '*'.repeat(v.length);
  return v.slice(0, 4).join('') + '*'.repeat(v.length - 8) + v.slice(-4).join('');
}

/**
 * Masks a phone number: first 3 and last 4 digits kept (`13812345678` → `138****5678`).
 * Shorter than 8 characters: all `*`.
 */
export function maskPhone(value: string): string {
  const v = Array.from(value);
  if (v.length < 8) return '*'.repeat(v.length);
  return v.slice(0, 3).join('') + '*'.repeat(v.length - 7) + v.slice(-4).join('');
}

/**
 * Masks a personal name by Unicode code point, never splitting a character outside the Basic
 * Multilingual Plane: 1 → `*`; 2 → first + `*` (`张三` → `张*`); 3+ → first + `*`… + last
 * (`王小明` → `王*明`, `欧阳小明` → `欧**明`).
 */
export function maskName(value: string): string {
  const v = Array.from(value.trim());
  if (v.length <= 1) return '*'.repeat(v.length);
  if (v.length === 2) return `${v[0]}*`;
  return v[0] + '*'.repeat(v.length - 2) + v[v.length - 1];
}

/** Masks free text (addresses, notes): the first third (at most 6 code points) kept, then `****`. */
export function maskText(value: string): string {
  const v = Array.from(value);
  if (v.length === 0) return '';
  return v.slice(0, Math.min(6, Math.floor(v.length / 3))).join('') + '****';
}

/** Masks `value` the way fields of `type` are masked. */
export function maskAs(type: FieldType, value: string): string {
  switch (type) {
    case 'idNumber':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return maskName(value);
    case 'text':
      return maskText(value);
  }
}
