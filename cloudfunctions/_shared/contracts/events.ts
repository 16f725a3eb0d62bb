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
  /** The data schema, built on first read (cold starts never build schemas they do not use). */
  readonly data: D;
}

/** An event as declared: its data schema as a function, called once on first use. */
type EventDecl = Omit<EventContract, 'data'> & { data: () => z.ZodType };

function defineEvents<const E extends Record<string, EventDecl>>(events: E): { readonly [K in keyof E]: Omit<E[K], 'data'> & EventContract<ReturnType<E[K]['data']>> } {
  const out: Record<string, EventContract> = {};
  for (const [name, { data, ...rest }] of Object.entries(events)) {
    let schema: z.ZodType | undefined;
    out[name] = Object.freeze(Object.defineProperty({ ...rest }, 'data', { enumerable: true, get: () => (schema ??= data()) }) as EventContract);
  }
  return Object.freeze(out) as never;
}

export const DOMAIN_EVENTS = defineEvents({
  childGuardianshipChanged: {
    summary: '儿童档案中与监护有关的内容变了（监护类型、受委托监护人、父母外出情况、在册状态）：核对监护责令（开启或办结）',
    from: 'registry',
    to: ['guardianship'],
    data: () => z.object({ childId: z.string().min(1).max(80) }).strict(),
  },
  childSchoolingChanged: {
    summary: '儿童档案的就学情况变了（干部修改一名儿童，或摸底排查导入的一批）：义务教育阶段儿童被标为辍学或未在校时开启劝返个案，改回在校时办结（控辍保学，政策§二(三)）',
    from: 'registry',
    to: ['schools'],
    /** `childId`: one officer's edit; `childIds`: the children of one census import batch whose schooling, status or birth date came in or changed. */
    data: () =>
      z
        .object({ childId: z.string().min(1).max(80).optional(), childIds: z.array(z.string().min(1).max(80)).min(1).max(1000).optional() })
        .strict()
        .refine((d) => !!d.childId || !!d.childIds, { message: '缺少儿童编号' }),
  },
  childSchoolingSet: {
    summary: '学校模块更新儿童档案的就学情况或就读学校（学校登记辍学、复学、关联学校），档案照常留痕',
    from: 'schools',
    to: ['registry'],
    data: () =>
      z
        .object({
          childId: z.string().min(1).max(80),
          schooling: z.enum(['primary', 'juniorMiddle', 'droppedOut', 'notInSchool']).optional(),
          schoolId: z.string().min(1).max(120).optional(),
          reason: z.string().min(1).max(200),
          by: z.object({ personId: z.string().max(120).optional(), role: z.string().max(40) }).strict(),
        })
        .strict(),
  },
});

export type DomainEvents = typeof DOMAIN_EVENTS;
export type EventName = keyof DomainEvents;
/** The events function `F` receives. */
export type EventsTo<F extends string> = { [E in EventName]: F extends DomainEvents[E]['to'][number] ? E : never }[EventName];
/** The events function `F` emits. */
export type EventsFrom<F extends string> = { [E in EventName]: DomainEvents[E]['from'] extends F ? E : never }[EventName];
export type EventData<E extends EventName> = z.output<DomainEvents[E]['data']>;
