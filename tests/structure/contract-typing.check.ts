/**
 * Compile-time proof of the seam (checked by `tsc -p tsconfig.json`, part of `npm run typecheck`;
 * not a jest test): a domain implementing its contract through the router fails to COMPILE when
 * an action is missing, extra, implemented under another action's name, or answers the wrong
 * shape. Every `@ts-expect-error` below must still be an error, or tsc reports the directive as
 * unused and the typecheck fails.
 */
import { z } from 'zod';
import { action, createFunction } from '../../cloudfunctions/_shared/router';
import { defineContract, returns, type ClientTable } from '../../cloudfunctions/_shared/contracts/define';

interface ItemView {
  id: string;
  at: Date;
}

const contract = defineContract('example', () => ({
  getItem: { summary: '查看', input: () => z.object({ id: z.string() }).strict(), output: returns<ItemView>() },
  listItems: { summary: '列表', input: () => z.object({ limit: z.number().default(20) }).strict(), output: returns<{ items: ItemView[] }>() },
  sweep: { summary: '定时', input: z.object({}).strict(), output: returns<{ done: number }>(), internal: true },
}));
const A = contract.actions;

const getItem = action(A.getItem, { access: { public: true }, handler: async (input) => ({ id: input.id, at: new Date() }) });
const listItems = action(A.listItems, { access: { public: true }, handler: async (input) => ({ items: new Array(input.limit).fill(null).map(() => ({ id: 'x', at: new Date() })) }) });
const sweep = action(A.sweep, { access: { internal: true }, handler: async () => ({ done: 0 }) });

// The whole table: compiles.
export const complete = createFunction(contract, { getItem, listItems, sweep });

// @ts-expect-error an action of the contract is missing
export const missing = createFunction(contract, { getItem, listItems });

// @ts-expect-error an action the contract does not declare
export const extra = createFunction(contract, { getItem, listItems, sweep, other: getItem });

// @ts-expect-error an implementation filed under another action's name
export const swapped = createFunction(contract, { getItem: listItems, listItems, sweep });

// @ts-expect-error the handler answers the wrong shape (a number where the contract says a string)
export const wrongShape = action(A.getItem, { access: { public: true }, handler: async () => ({ id: 1, at: new Date() }) });

// @ts-expect-error the handler leaves out a field the contract promises
export const missingField = action(A.getItem, { access: { public: true }, handler: async (input) => ({ id: input.id }) });

// @ts-expect-error an internal action must be implemented with internal access
export const exposed = action(A.sweep, { access: { public: true }, handler: async () => ({ done: 0 }) });

// The handler's input is the parsed schema output (defaults applied): `limit` is a number here.
export const typedInput = action(A.listItems, {
  access: { public: true },
  handler: async (input) => {
    const n: number = input.limit;
    return { items: n ? [] : [] };
  },
});

// The mini-program's view of the table: inputs as sent (defaults optional), outputs as JSON
// carries them (Date → string), internal actions left out.
type Client = ClientTable<typeof contract>;
export const sentInput: Client['listItems']['input'] = {};
export const receivedAt: Client['getItem']['output']['at'] = '2026-01-01T00:00:00.000Z';
// @ts-expect-error an instant arrives as a string, never a Date
export const notADate: Client['getItem']['output']['at'] = new Date();
// @ts-expect-error internal actions are not in the mini-program's table
export type NoSweep = Client['sweep'];
