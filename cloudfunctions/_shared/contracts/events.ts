/**
 * Domain events: how one domain tells another that something it owns changed, without importing
 * it (docs/ARCHITECTURE.md "Domains talk through events"). Each event names the function that
 * emits it, the functions that receive it, and its data schema. The emitter calls `emit(ctx, …)`
 * (_shared/events.ts), which invokes each receiving function with `{ event, data }`; a receiver
 * implements its events in `createFunction(…, { on: { … } })`, type-checked against this table.
 *
 * Events are calls between functions (source `…,scf`): no mini-program user can send one.
 */
import { z } from 'zod';

/** One kind of event. */
export interface EventContract<D extends z.ZodType = z.ZodType> {
  summary: string;
  /** The function that emits it. */
  from: string;
  /** The functions that receive it (each must handle it). */
  to: readonly string[];
  data: D;
}

function defineEvents<const E extends Record<string, EventContract>>(events: E): E {
  return events;
}

export const DOMAIN_EVENTS = defineEvents({
  childGuardianshipChanged: {
    summary: '儿童档案中与监护有关的内容变了（监护类型、受委托监护人、父母外出情况、在册状态）：核对监护责令（开启或办结）',
    from: 'registry',
    to: ['guardianship'],
    data: z.object({ childId: z.string().min(1).max(80) }).strict(),
  },
});

export type DomainEvents = typeof DOMAIN_EVENTS;
export type EventName = keyof DomainEvents;
/** The events function `F` receives. */
export type EventsTo<F extends string> = { [E in EventName]: F extends DomainEvents[E]['to'][number] ? E : never }[EventName];
/** The events function `F` emits. */
export type EventsFrom<F extends string> = { [E in EventName]: DomainEvents[E]['from'] extends F ? E : never }[EventName];
export type EventData<E extends EventName> = z.output<DomainEvents[E]['data']>;
