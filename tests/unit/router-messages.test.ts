/**
 * What a person reads when input is wrong: the router names the field and says what is wrong in
 * plain Chinese (no English type names), with the stable code VALIDATION_FAILED.
 */
import { z } from 'zod';
import { createFunction, action } from '../../cloudfunctions/_shared/router';
import { defineContract, returns } from '../../cloudfunctions/_shared/contracts/define';
import { FIELD_ERRORS, fields } from '../../cloudfunctions/_shared/contracts/fields';
import { keyedValues, type DescribedIssue } from '../../cloudfunctions/_shared/issues';
import { DATA_KEY_ENV, generateDataKey } from '../../cloudfunctions/_shared/crypto';

// Every deployed function has a data key; the router refuses to run without one before it reads input.
const savedKey = process.env[DATA_KEY_ENV];
beforeAll(() => {
  process.env[DATA_KEY_ENV] = generateDataKey();
});
afterAll(() => {
  if (savedKey === undefined) delete process.env[DATA_KEY_ENV];
  else process.env[DATA_KEY_ENV] = savedKey;
});

const probeContract = defineContract('probe', {
  save: {
    summary: 'test',
    // Keys that no label table knows (contracts/input-labels.ts): the unlabelled fallback.
    input: z.object({ remark: z.string().trim().min(1).max(5), count: z.number().int().max(3), tags: z.array(z.string()).min(1), note: z.string().min(1, '请填写备注').optional() }).strict(),
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
  const r = await fn.main({ action: 'save', data }, { environment: '{}' });
  if (r.ok) throw new Error('expected a validation failure');
  return { code: r.error.code, message: r.error.message, issues: (r.error.details as { issues: { path: string; message: string }[] }).issues };
}

test('missing, too long, wrong type and too few items read as plain Chinese; a field without a label is never named by its key', async () => {
  const missing = await messageFor({ count: 1, tags: ['a'] });
  expect(missing).toMatchObject({ code: 'VALIDATION_FAILED', message: '请检查填写的内容（必填）' });
  expect(missing.issues[0].path).toBe('remark');
  const bad = await messageFor({ remark: '这段原因写得太长了', count: 'x', tags: [] });
  expect(bad.issues).toEqual([
    { path: 'remark', code: 'TOO_LONG', message: '不能超过5个字' },
    { path: 'count', code: 'WRONG_TYPE', message: '应为数字' },
    { path: 'tags', code: 'TOO_FEW', message: '至少选择1项' },
  ]);
  expect((await messageFor({ remark: '好', count: 9, tags: ['a'] })).message).toBe('请检查填写的内容（不能大于3）');
  for (const i of bad.issues) expect(i.message).not.toMatch(/[A-Za-z]/);
});

test("a schema's own message wins", async () => {
  expect((await messageFor({ remark: '好', count: 1, tags: ['a'], note: '' })).message).toBe('请检查填写的内容（请填写备注）');
});

describe('fields named by their Chinese label', () => {
  const EDITS = { 'father.phone': fields.phone('父亲联系电话'), 'father.name': fields.personName('父亲姓名') };
  const changes = z
    .record(z.string(), keyedValues(EDITS))
    .superRefine((obj, c) => {
      for (const [k, v] of Object.entries(obj)) {
        const r = (EDITS as Record<string, z.ZodType>)[k]?.safeParse(v);
        if (r && !r.success) for (const i of r.error.issues) c.addIssue({ ...i, code: 'custom', path: [k, ...i.path] } as never);
      }
    })
    .meta({ title: '修改内容' });
  const labelledContract = defineContract('probe', {
    edit: {
      summary: 'test',
      input: z
        .object({
          childId: z.string().min(1).meta({ title: '儿童档案' }),
          birthDate: fields.birthDate('出生日期').optional(),
          photos: z.array(fields.fileId('走访照片')).max(3).optional(),
          guardian: z.object({ idNumber: fields.idNumber('监护人身份证号', { legacy15: true }) }).optional(),
          changes: changes.optional(),
        })
        .strict(),
      output: returns<unknown>(),
    },
  });
  const labelled = createFunction(labelledContract, {
    edit: action(labelledContract.actions.edit, { access: { public: true }, handler: async (input) => input }),
  });
  // The invocation context as the stand-in hands it over: identity, and its clock (2026-03-08 in Shanghai).
  const context = { environment: '{}', localClock: { fixedAtMs: Date.parse('2026-03-08T02:00:00Z') } };
  const fail = async (data: unknown) => {
    const r = await labelled.main({ action: 'edit', data }, context);
    if (r.ok) throw new Error('expected a validation failure');
    return { message: r.error.message, issue: (r.error.details as { issues: DescribedIssue[] }).issues[0] };
  };

  test('a missing field, a nested field, a list item and a keyed change each name the label', async () => {
    expect(await fail({})).toEqual({ message: '儿童档案：必填', issue: { path: 'childId', label: '儿童档案', code: 'REQUIRED', message: '必填' } });
    const id = await fail({ childId: 'c1', guardian: { idNumber: '341721201302308706' } });
    expect(id.issue).toMatchObject({ path: 'guardian.idNumber', label: '监护人身份证号', code: 'ID_BIRTH_INVALID' });
    expect(id.message).toBe(`监护人身份证号：${FIELD_ERRORS.ID_BIRTH_INVALID}`);
    const photo = await fail({ childId: 'c1', photos: ['cloud://e.b/visits/a.jpg', 'https://evil.example/a.jpg'] });
    expect(photo.issue).toMatchObject({ path: 'photos.1', label: '走访照片（第2项）', code: 'FILE_ID_INVALID' });
    const phone = await fail({ childId: 'c1', changes: { 'father.phone': '12345' } });
    expect(phone.issue).toMatchObject({ path: 'changes.father.phone', label: '父亲联系电话', code: 'PHONE_INVALID' });
    expect(phone.message).toBe(`父亲联系电话：${FIELD_ERRORS.PHONE_INVALID}`);
    expect(phone.message).not.toMatch(/changes|father|phone/);
  });

  test("'today' of a birth date is the invocation's day (the stand-in's clock), not the machine's", async () => {
    expect((await fail({ childId: 'c1', birthDate: '2026-03-09' })).issue).toMatchObject({ code: 'DATE_FUTURE', label: '出生日期' });
    const r = await labelled.main({ action: 'edit', data: { childId: 'c1', birthDate: '2026-03-08' } }, context);
    // Past validation (the probe has no CloudBase behind it, so it fails later, not on the date).
    expect(r.ok ? 'ok' : r.error.code).not.toBe('VALIDATION_FAILED');
  });
});
