/**
 * Shared setup for the care and scheduler tests: a stack with `care` (and optionally
 * `scheduler`), child files with risk levels, and personas (village officers, township staff with
 * and without the supervisor flag, police, county admin, pairing members of each kind).
 */
import type { Envelope } from '../../cloudfunctions/_shared/contracts/envelope';
import { ACCESS_COLLECTIONS as C } from '../../cloudfunctions/_shared/access/collections';
import type { ExampleSide } from '../../cloudfunctions/_shared/access/spec';
import type { TestStack } from '../helpers/stack';
import { SIDES, childDoc, insert, makePersona, type Persona } from '../helpers/access-world';

export { SIDES };

/** A second village of the `in` township (for moves). */
export const OTHER_VILLAGE = '341721100002';

let n = 0;
/** A fresh client request id. */
export const rid = (p = 'req') => `${p}-${Date.now().toString(36)}-${n++}`;

export function data<T = any>(r: Envelope<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
}
export const code = (r: Envelope<unknown>) => (r.ok ? undefined : r.error.code);

/** Calls a care action as `who`. */
export function careCall<T = any>(t: TestStack, action: string, input: unknown, who: { openid: string }): Promise<Envelope<T>> {
  return t.call<T>('care', action, input, { openid: who.openid });
}

/**
 * Inserts a child file with a risk level.
 * @param createdAt the file's creation instant (its first visit falls due an interval later)
 */
export async function addChild(
  t: TestStack,
  id: string,
  opts: { side?: ExampleSide; villageCode?: string; level?: 'focus' | 'attention' | 'regular'; createdAt?: Date; name?: string } = {},
): Promise<string> {
  const side = opts.side ?? SIDES.in;
  const villageCode = opts.villageCode ?? side.villageCode;
  const doc = childDoc(side, 1, id);
  await insert(t.app, C.children, {
    ...doc,
    name: opts.name ?? '林小雨',
    villageCode,
    townshipCode: villageCode.slice(0, 9),
    countyCode: villageCode.slice(0, 6),
    status: 'active',
    risk: { level: opts.level ?? 'focus', reason: '测试', derivedLevel: opts.level ?? 'focus', derivedReason: '测试' },
    createdAt: opts.createdAt ?? new Date('2025-01-01T02:00:00Z'),
  });
  return id;
}

/** A persona bound to a village (village officer) other than the side's. */
export async function villageOfficerOf(t: TestStack, villageCode: string): Promise<Persona> {
  return makePersona(t.app, 'villageOfficer', { ...SIDES.in, villageCode, townshipCode: villageCode.slice(0, 9) });
}

/** A pairing member of `kind` bound to `childIds` (kind decides the triad place). */
export async function pairingMember(t: TestStack, kind: 'cadre' | 'gridWorker' | 'volunteer' | 'neighbour', childIds: string[] = ['w-child-none']): Promise<Persona> {
  return makePersona(t.app, 'pairingMember', SIDES.in, { pairingKind: kind, scope: { kind: 'children', childIds } });
}

/** Notifications stored for a person. */
export async function notificationsOf(t: TestStack, personId: string, kind?: string): Promise<any[]> {
  const where: Record<string, unknown> = { 'to.personId': personId };
  if (kind) where.kind = kind;
  const res = await t.app.database().collection('notifications').where(where).limit(1000).get();
  return res.data as any[];
}
