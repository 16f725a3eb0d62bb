/**
 * What a person reads when input is wrong: the router names the field and says what is wrong in
 * plain Chinese (no English type names), with the stable code VALIDATION_FAILED.
 */
import { z } from 'zod';
import { createFunction, action } from '../../cloudfunctions/_shared/router';
import { defineContract, returns } from '../../cloudfunctions/_shared/contracts/define';

const probeContract = defineContract('probe', {
  save: {
    summary: 'test',
    input: z.object({ reason: z.string().trim().min(1).max(5), count: z.number().int().max(3), tags: z.array(z.string()).min(1), note: z.string().min(1, '请填写备注').optional() }).strict(),
    output: returns<{ saved: boolean }>(),
  },
});

const fn = createFunction(probeContract, {
  save: action(probeContract.actions.save, {
    access: { public: true },
    handler: async () => ({ saved: true }),
  }),
});

async function messageFor(data: unknown): Promise<{ code: string; message: string; issues: { path: string; message: string }[] }> {
  const r = await fn.main({ action: 'save', data }, {});
  if (r.ok) throw new Error('expected a validation failure');
  return { code: r.error.code, message: r.error.message, issues: (r.error.details as { issues: { path: string; message: string }[] }).issues };
}

test('missing, too long, wrong type and too few items read as plain Chinese naming the field', async () => {
  const missing = await messageFor({ count: 1, tags: ['a'] });
  expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', message: 'reason：必填' });
  const bad = await messageFor({ reason: '这段原因写得太长了', count: 'x', tags: [] });
  expect(bad.issues).toEqual([
    { path: 'reason', message: '不能超过5个字' },
    { path: 'count', message: '应为数字' },
    { path: 'tags', message: '至少选择1项' },
  ]);
  expect((await messageFor({ reason: '好', count: 9, tags: ['a'] })).message).toBe('count：不能大于3');
  for (const i of bad.issues) expect(i.message).not.toMatch(/[A-Za-z]/);
});

test("a schema's own message wins", async () => {
  expect((await messageFor({ reason: '好', count: 1, tags: ['a'], note: '' })).message).toBe('note：请填写备注');
});
