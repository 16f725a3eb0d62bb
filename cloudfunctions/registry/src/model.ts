/**
 * The registry's pure rules (no I/O): eligibility and age-out dates, risk derivation, the
 * guardianship assessment, completeness, building a child file from an accepted census row,
 * merging a later roster row into a file, diffs for history, and what a role sees of a file.
 * Dates are Asia/Shanghai calendar days `YYYY-MM-DD`.
 */
import type { NormalizedCensusRow } from '../../_shared/contracts/census';
import { COMPLETENESS_FIELDS, FOCUS_FLAGS, GRANDPARENTS, LABELS, SEALED_PATHS, type ChildDoc, type ChildView, type FieldChange, type FocusFlag, type GuardianshipRating, type RiskInfo, type RiskLevel } from '../../_shared/contracts/registry';
import { isSealed, presentDoc, seal, visibility, type FieldKey, type RoleName, type SealedValue } from '../../_shared/access';
import { ageOn, isLeapYear, parseIsoDay, formatYmd } from '../../_shared/calendar';

/** Age limit of the definition (under 16 full years). */
export const AGE_LIMIT = 16;

/**
 * The day a person born on `birthDate` turns `age` (a 29 February birthday falls on 1 March in
 * years without one; fixtures README).
 * @throws Error when birthDate is not a valid `YYYY-MM-DD`
 */
export function birthdayAt(birthDate: string, age: number): string {
  const b = parseIsoDay(birthDate);
  if (!b) throw new Error(`birthDate must be YYYY-MM-DD, got ${birthDate}`);
  const y = b.y + age;
  if (b.m === 2 && b.d === 29 && !isLeapYear(y)) return formatYmd({ y, m: 3, d: 1 });
  return formatYmd({ y, m: b.m, d: b.d });
}

/** The 16th birthday: from that Asia/Shanghai day on, the child is no longer a left-behind child. */
export function ageOutDay(birthDate: string): string {
  return birthdayAt(birthDate, AGE_LIMIT);
}

/**
 * Completed years on `day` (on the birthday itself the new age counts).
 * @returns -1 when `day` is before the birth; undefined when either date is invalid
 */
export function ageOnDay(birthDate: string | undefined, day: string): number | undefined {
  const b = birthDate ? parseIsoDay(birthDate) : undefined;
  const d = parseIsoDay(day);
  if (!b || !d) return undefined;
  return ageOn(b, d);
}

/** Reporting age group of the national summary (0–5, 6–13, 14–15), or undefined (no birth date / 16+). */
export function ageGroupOn(birthDate: string | undefined, day: string): 'age0to5' | 'age6to13' | 'age14to15' | undefined {
  const a = ageOnDay(birthDate, day);
  if (a === undefined || a < 0 || a >= AGE_LIMIT) return undefined;
  return a <= 5 ? 'age0to5' : a <= 13 ? 'age6to13' : 'age14to15';
}

/**
 * Whether a file counts as an active left-behind child on `today`: status active and not yet 16.
 * Computed on read, so a child is never shown as active on or after the 16th birthday even
 * before the daily age-out timer has written the change.
 */
export function isActiveOn(child: Pick<ChildDoc, 'status' | 'ageOutOn'>, today: string): boolean {
  if ((child.status ?? 'active') !== 'active') return false;
  return !child.ageOutOn || today < child.ageOutOn;
}

/**
 * Eligibility per the definition (registration-form.md): under 16 on the reference day, and both
 * parents away, or one away and the other without guardianship capacity.
 */
export function isEligible(child: Pick<ChildDoc, 'birthDate' | 'parentsBothAway' | 'oneAwayOtherIncapable'>, day: string): boolean {
  const a = ageOnDay(child.birthDate, day);
  if (a === undefined || a < 0 || a >= AGE_LIMIT) return false;
  return !!child.parentsBothAway || !!child.oneAwayOtherIncapable;
}

/** Guardianship assessment (较好 / 一般 / 差) from the guardianship type (national form). */
export function ratingOf(type: ChildDoc['guardianshipType']): GuardianshipRating | undefined {
  if (!type) return undefined;
  if (type === 'good') return 'good';
  if (type === 'fair') return 'fair';
  return 'poor';
}

/** Officer flags plus the ones the data implies (辍学, 残疾, 无人监护 → 监护缺失), sorted in FOCUS_FLAGS order. */
export function effectiveFlagsOf(child: ChildDoc): FocusFlag[] {
  const on = new Set<FocusFlag>();
  for (const f of FOCUS_FLAGS) if (child.flags?.[f]) on.add(f);
  if (child.schooling === 'droppedOut') on.add('dropout');
  if (child.health === 'disabled') on.add('disabled');
  if (child.guardianshipType === 'none') on.add('guardianMissing');
  return FOCUS_FLAGS.filter((f) => on.has(f));
}

/**
 * The derived risk level (issue "Risk level"): focus when there is no guardian, a parent at home
 * without capacity, an insufficient entrusted guardian, or any focus flag; attention when
 * guardianship is only fair; regular otherwise.
 */
export function deriveRisk(child: ChildDoc): { level: RiskLevel; reason: string } {
  const t = child.guardianshipType;
  if (t === 'none' || t === 'parentIncapable' || t === 'entrustedInsufficient') {
    return { level: 'focus', reason: `监护类型：${LABELS.guardianshipType[t]}` };
  }
  const flags = effectiveFlagsOf(child);
  if (flags.length) return { level: 'focus', reason: `重点标记：${flags.map((f) => LABELS.flag[f]).join('、')}` };
  if (t === 'fair') return { level: 'attention', reason: '监护情况一般' };
  return { level: 'regular', reason: t === 'good' ? '监护情况较好' : '监护类型未填写，按一般对象管理' };
}

/** Optional national-form fields the file still lacks (it is incomplete until they are filled). */
export function missingFieldsOf(child: ChildDoc): string[] {
  const out: string[] = [];
  for (const path of COMPLETENESS_FIELDS) {
    if (path === 'grandparents') {
      const g = child.grandparents ?? {};
      if (!GRANDPARENTS.some((k) => g[k]?.name)) out.push(path);
      continue;
    }
    const v = valueAt(child, path);
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) out.push(path);
  }
  if (child.health === 'disabled' && !child.disabilityGrade) out.push('disabilityGrade');
  if (child.oneAwayOtherIncapable && !child.incapableParent) out.push('incapableParent');
  return out;
}

function valueAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/**
 * Recomputes the derived fields of a file in place: age-out day, effective flags, assessment,
 * risk (an officer override wins, the derived level is kept next to it), completeness.
 * @returns the same object
 */
export function recompute<T extends ChildDoc>(child: T): T {
  if (child.birthDate && parseIsoDay(child.birthDate)) child.ageOutOn = ageOutDay(child.birthDate);
  child.effectiveFlags = effectiveFlagsOf(child);
  const rating = ratingOf(child.guardianshipType);
  if (rating) child.guardianshipRating = rating;
  else delete child.guardianshipRating;
  const derived = deriveRisk(child);
  const override = child.risk?.override;
  const risk: RiskInfo = {
    level: override ? override.level : derived.level,
    reason: override ? `人工调整：${override.reason}` : derived.reason,
    derivedLevel: derived.level,
    derivedReason: derived.reason,
  };
  if (override) risk.override = override;
  child.risk = risk;
  child.missing = missingFieldsOf(child);
  child.incomplete = child.missing.length > 0;
  return child;
}

// ---------------------------------------------------------------------------------------------
// From census rows

/** Seals a value for a field (`seal`, or a memo of it shared by the rows of one batch). */
export type Sealer = (field: 'child.idNumber' | 'guardian.phone' | 'guardian.idNumber', value: string) => SealedValue;

/**
 * A sealer that seals each (field, value) once: siblings listed together share their parents'
 * and caregiver's numbers, so a batch seals each of them once (equal values already share a
 * lookup hash, so sharing the ciphertext reveals nothing more). Keep it to one batch.
 */
export function memoSealer(): Sealer {
  const memo = new Map<string, SealedValue>();
  return (field, value) => {
    const key = `${field}\u0000${value}`;
    let v = memo.get(key);
    if (!v) {
      v = seal(field, value);
      memo.set(key, v);
    }
    return v;
  };
}

/** The child-file fields a census row carries (sensitive values sealed). */
export function fieldsFromRow(row: NormalizedCensusRow, sealer: Sealer = seal): Partial<ChildDoc> {
  const out: Partial<ChildDoc> = {
    name: row.name,
    gender: row.gender,
    birthDate: row.birthDate,
    idNumber: sealer('child.idNumber', row.idNumber),
    parentsBothAway: row.parentsBothAway,
    villageCode: row.villageCode,
    townshipCode: row.townshipCode,
  };
  const copy = <K extends keyof NormalizedCensusRow & keyof ChildDoc>(k: K) => {
    if (row[k] !== undefined && row[k] !== null) (out as Record<string, unknown>)[k] = row[k];
  };
  (
    [
      'ethnicity',
      'hukouRegistered',
      'hukouPlace',
      'residence',
      'group',
      'health',
      'disabilityCategory',
      'disabilityGrade',
      'illnessType',
      'boarding',
      'schooling',
      'school',
      'oneAwayOtherIncapable',
      'incapableParent',
      'hasEntrustedGuardian',
      'guardianshipType',
      'familyIncome',
      'assistance',
      'remarks',
    ] as const
  ).forEach(copy);
  const gp: NonNullable<ChildDoc['grandparents']> = {};
  for (const k of GRANDPARENTS) {
    const name = row[`${k}Name` as keyof NormalizedCensusRow] as string | undefined;
    const birth = row[`${k}BirthDate` as keyof NormalizedCensusRow] as string | undefined;
    if (name || birth) gp[k] = { ...(name ? { name } : {}), ...(birth ? { birthDate: birth } : {}) };
  }
  if (Object.keys(gp).length) out.grandparents = gp;
  for (const p of ['father', 'mother'] as const) {
    const info: NonNullable<ChildDoc['father']> = {};
    const name = row[`${p}Name`];
    const birth = row[`${p}BirthDate`];
    const work = row[`${p}WorkPlace`];
    const phone = row[`${p}Phone`];
    const id = row[`${p}IdNumber`];
    if (name) info.name = name;
    if (birth) info.birthDate = birth;
    if (work) info.workPlace = work;
    if (phone) info.phone = sealer('guardian.phone', phone);
    if (id) info.idNumber = sealer('guardian.idNumber', id);
    if (Object.keys(info).length) out[p] = info;
  }
  const e: NonNullable<ChildDoc['entrusted']> = {};
  if (row.caregiverName) e.name = row.caregiverName;
  if (row.caregiverPhone) e.phone = sealer('guardian.phone', row.caregiverPhone);
  if (row.caregiverIdNumber) e.idNumber = sealer('guardian.idNumber', row.caregiverIdNumber);
  if (row.caregiverRelation) e.relationToChild = row.caregiverRelation;
  if (row.caregiverAddress) e.address = row.caregiverAddress;
  if (Object.keys(e).length) out.entrusted = e;
  return out;
}

/**
 * A new child file from an accepted census row.
 * @param ids the file's id, household and where it came from
 */
export function childFromRow(
  row: NormalizedCensusRow,
  ids: { childId: string; householdId: string; countyCode: string; source: ChildDoc['source'] },
  now: Date,
  sealer: Sealer = seal,
): ChildDoc {
  const child = {
    ...fieldsFromRow(row, sealer),
    _id: ids.childId,
    countyCode: ids.countyCode,
    householdId: ids.householdId,
    flags: {},
    status: 'active',
    source: ids.source,
    createdAt: now,
    updatedAt: now,
    version: 1,
  } as ChildDoc;
  return recompute(child);
}

/** Comparable form of a stored value (sealed values by lookup hash or ciphertext-free mask+hash). */
function comparable(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (isSealed(v)) return `sealed:${v.h ?? v.m}`;
  return JSON.stringify(v);
}

/** The leaf paths history tracks (editable paths, status, risk override). */
export const TRACKED_PATHS: string[] = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'ethnicity',
  'hukouRegistered',
  'hukouPlace',
  'residence',
  'group',
  'health',
  'disabilityCategory',
  'disabilityGrade',
  'illnessType',
  'boarding',
  'schooling',
  'school',
  'studentNumber',
  'schoolId',
  ...GRANDPARENTS.flatMap((g) => [`grandparents.${g}.name`, `grandparents.${g}.birthDate`]),
  ...['father', 'mother'].flatMap((p) => ['name', 'birthDate', 'workPlace', 'phone', 'idNumber'].map((f) => `${p}.${f}`)),
  ...['name', 'phone', 'idNumber', 'relationToChild', 'address'].map((f) => `entrusted.${f}`),
  'parentsBothAway',
  'oneAwayOtherIncapable',
  'incapableParent',
  'hasEntrustedGuardian',
  'guardianshipType',
  'familyIncome',
  'assistance',
  'remarks',
  ...FOCUS_FLAGS.map((f) => `flags.${f}`),
  'risk.override',
  'status',
  'leftReason',
  'leftOn',
  'villageCode',
  'townshipCode',
];

/** Changes between two versions of a file, over the tracked paths (old → new). */
export function diffChild(before: ChildDoc, after: ChildDoc): FieldChange[] {
  const out: FieldChange[] = [];
  for (const path of TRACKED_PATHS) {
    const a = valueAt(before, path);
    const b = valueAt(after, path);
    if (comparable(a) !== comparable(b)) {
      const change: FieldChange = { path };
      if (a !== undefined) change.before = a;
      if (b !== undefined) change.after = b;
      out.push(change);
    }
  }
  return out;
}

/**
 * Merges a later roster's row into an existing file: every value the roster has replaces the
 * file's; values the roster lacks are kept (a roster never clears what an officer filled).
 * Sensitive values equal to the stored ones keep the stored ciphertext.
 */
export function mergeRow(existing: ChildDoc, row: NormalizedCensusRow, now: Date): ChildDoc {
  const fields = fieldsFromRow(row);
  const next: ChildDoc = JSON.parse(JSON.stringify(existing), reviveDates);
  const keepSealed = (oldV: unknown, newV: SealedValue | undefined) => (isSealed(oldV) && newV && oldV.h && oldV.h === newV.h ? oldV : newV);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'father' || k === 'mother' || k === 'entrusted') {
      const cur = ((next as unknown as Record<string, Record<string, unknown>>)[k] ??= {});
      for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) {
        cur[fk] = isSealed(fv) ? keepSealed(cur[fk], fv) : fv;
      }
    } else if (k === 'grandparents') {
      const cur = (next.grandparents ??= {});
      for (const [gk, gv] of Object.entries(v as Record<string, object>)) cur[gk as keyof typeof cur] = { ...(cur[gk as keyof typeof cur] ?? {}), ...gv };
    } else if (k === 'idNumber') {
      next.idNumber = keepSealed(existing.idNumber, v as SealedValue);
    } else {
      (next as unknown as Record<string, unknown>)[k] = v;
    }
  }
  if (next.status !== 'active') {
    next.status = 'active';
    delete next.leftReason;
    delete next.leftOn;
  }
  next.updatedAt = now;
  next.version = (existing.version ?? 1) + 1;
  return recompute(next);
}

/** JSON.parse reviver keeping Date fields (createdAt, updatedAt, at) as Dates. */
export function reviveDates(key: string, value: unknown): unknown {
  if (typeof value === 'string' && /^(createdAt|updatedAt|at|visitedAt)$/.test(key) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(value);
  return value;
}

/** A deep copy of a stored document (Dates kept). */
export function cloneDoc<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc), reviveDates) as T;
}

/**
 * Sets one dotted path on a file (edits): `null` removes it; sensitive paths are sealed.
 * @param value already validated by EDITABLE_FIELDS
 */
export function setPath(child: ChildDoc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = child as unknown as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  const leaf = parts[parts.length - 1];
  if (value === null || value === undefined) delete cur[leaf];
  else if (SEALED_PATHS[path]) cur[leaf] = seal(SEALED_PATHS[path], String(value));
  else cur[leaf] = value;
}

/** Plain (unsealed) fields of a file and the masking-table key each is presented with. */
export const CHILD_PLAIN_FIELDS: Record<string, FieldKey> = {
  name: 'child.name',
  residence: 'child.address',
  'father.name': 'guardian.name',
  'mother.name': 'guardian.name',
  'entrusted.name': 'guardian.name',
  'entrusted.address': 'child.address',
  'grandparents.*.name': 'guardian.name',
  'guardians.*.name': 'guardian.name',
  address: 'child.address',
};

/** History entries carry the same values under `changes.*.before/after`. */
export const HISTORY_PLAIN_FIELDS: Record<string, FieldKey> = {};

/**
 * What `role` sees of a file: the masking table applied (docs/masking.csv), plus the status as of
 * `today` (`effectiveStatus`: a 16-year-old shows as left even before the timer ran).
 */
export function presentChild(doc: ChildDoc, role: RoleName, today: string): ChildView {
  const shown = presentDoc(stripInternal(doc), role, CHILD_PLAIN_FIELDS) as Record<string, unknown>;
  const active = isActiveOn(doc, today);
  shown.id = doc._id;
  shown.effectiveStatus = active ? 'active' : 'left';
  if (!active && (doc.status ?? 'active') === 'active') {
    shown.effectiveLeftReason = 'agedOut';
  }
  shown.age = ageOnDay(doc.birthDate, today);
  shown.needsConsent = doc.consent?.status !== 'given';
  shown.revealable = revealablePaths(doc, role);
  return shown as ChildView;
}

/** Sealed paths of `doc` that `role` sees masked and may see in full with a reason (masking table: `reveal`). */
export function revealablePaths(doc: ChildDoc, role: RoleName): string[] {
  return Object.entries(SEALED_PATHS)
    .filter(([path, field]) => isSealed(path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc)) && visibility(field, role) === 'reveal')
    .map(([path]) => path);
}

function stripInternal(doc: ChildDoc): ChildDoc {
  const copy = { ...doc };
  delete (copy as Partial<ChildDoc>).source;
  return copy;
}

/**
 * A history change as `role` sees it: names masked like the file's, sealed values presented.
 */
export function presentChange(c: FieldChange, role: RoleName): FieldChange {
  const leaf = c.path;
  const plain = Object.entries(CHILD_PLAIN_FIELDS).find(([p]) => {
    const a = p.split('.');
    const b = leaf.split('.');
    return a.length === b.length && a.every((s, i) => s === '*' || s === b[i]);
  });
  const show = (v: unknown) => {
    if (v === undefined) return undefined;
    if (plain && typeof v === 'string') return (presentDoc({ v }, role, { v: plain[1] }) as { v?: string }).v;
    return presentDoc(v, role);
  };
  const out: FieldChange = { path: c.path };
  const b = show(c.before);
  const a = show(c.after);
  if (b !== undefined) out.before = b;
  if (a !== undefined) out.after = a;
  return out;
}
