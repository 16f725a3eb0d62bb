/**
 * Sending a domain event (contracts/events.ts): the emitting function invokes each receiving
 * function with `{ event, data }` through node-sdk, so no domain imports another and each
 * function's bundle carries only its own code. Delivery is awaited (the receiver's work is done
 * when `emit` returns) but never fails the emitter's action: what the emitter stored stays stored,
 * a failed delivery is logged, and each receiver's timer sweep is the backstop.
 */
import type { ActionContext } from './context';
import { DOMAIN_EVENTS, type EventData, type EventName } from './contracts/events';
import { asEnvelope } from './envelope';
import { logCaught } from './log';

/** What happened to one delivery. */
export interface Delivery {
  to: string;
  ok: boolean;
  /** The receiver's error code, or the invocation failure. */
  error?: string;
}

/**
 * Sends `event` to every function that receives it.
 * @param ctx the emitting action's context (its function must be the event's `from`)
 * @returns one delivery result per receiver
 * @throws Error when the data does not match the event's schema or another function emits it
 *   (programming errors, not user errors)
 */
export async function emit<E extends EventName>(ctx: ActionContext, event: E, data: EventData<E>): Promise<Delivery[]> {
  const spec = DOMAIN_EVENTS[event];
  if (spec.from !== ctx.fn) throw new Error(`${ctx.fn} emits ${event}, which ${spec.from} owns`);
  const parsed = spec.data.parse(data);
  const out: Delivery[] = [];
  for (const to of spec.to) {
    try {
      const res = await ctx.app.callFunction({ name: to, data: { event, data: parsed } });
      const envelope = asEnvelope(res.result);
      if (!envelope.ok) console.error(`[${ctx.fn}.${ctx.action}] event ${event} → ${to}: ${envelope.error.code} ${envelope.error.message}`);
      out.push(envelope.ok ? { to, ok: true } : { to, ok: false, error: envelope.error.code });
    } catch (err) {
      logCaught(`[${ctx.fn}.${ctx.action}] event ${event} → ${to}:`, err);
      out.push({ to, ok: false, error: String((err as Error)?.message ?? err) });
    }
  }
  return out;
}
