/**
 * Guardianship end to end through the real function: a confirmation prepared by the village
 * officer and signed by the remote parent, the entrusted guardian and the officer (and once with
 * assisted signing); tamper evidence; the PDF; orders; parents' check-in; configuration.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { acceptSubscription } from '../helpers/subscribe';
import { startTestStack, type TestStack, PLATFORM_INSTANCES } from '../helpers/stack';
import { useStackKey } from '../helpers/access-world';
import { CHILD_ID, OTHER_CHILD_ID, GRANDMA, makePng, seedGuardianshipWorld, uploadOwn, uploadSignature, type GWorld } from './guardianship-helpers';

let t: TestStack;
let w: GWorld;

beforeAll(async () => {
  // The registry too: a parent's own work place and phone are the registry's `updateMyContact`.
  t = await startTestStack({ functions: ['guardianship', 'registry', 'inbox'], maxWorkersPerFunction: PLATFORM_INSTANCES }); // racing calls need instances side by side
  useStackKey(t);
}, 120_000);
afterAll(async () => t?.stop());

beforeEach(async () => {
  await t.reset();
  t.clock.set(new Date('2026-03-02T02:00:00Z'));
  w = await seedGuardianshipWorld(t);
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const db = () => t.app.database();
/** The envelope, loosely typed (tests read `error?.code` or `data`). */
async function call(action: string, data: unknown, openid?: string): Promise<any> {
  return t.call('guardianship', action, data, openid ? { openid } : {});
}
async function ok<T = any>(action: string, data: unknown, openid?: string): Promise<T> {
  const r = await call(action, data, openid);
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`);
  return r.data;
}
/** The registry's action a parent keeps their contact current with (亲情连线 calls it directly). */
async function registryCall(action: string, data: unknown, openid: string): Promise<any> {
  return t.call('registry', action, data, { openid });
}
async function prepare(): Promise<any> {
  return (await ok('prepareConfirmation', { childId: CHILD_ID, requestId: `req-${Math.random().toString(36).slice(2, 10)}` }, w.officer.openid)).confirmation;
}
/** Asks for the line's signing slot, uploads into it and signs; a refused slot is the answer (as the sign page shows it). */
async function sign(conf: any, party: string, openid: string, seed = 1) {
  const slot = await call('signingSlot', { confirmationId: conf.id, party }, openid);
  if (!slot.ok) return slot;
  return call('signConfirmation', { confirmationId: conf.id, party, signature: await uploadSignature(t, openid, { confirmationId: conf.id, party }, 600, 240, seed), textSha256: conf.textSha256 }, openid);
}
async function stored(id: string): Promise<any> {
  return ((await db().collection('guardianshipConfirmations').doc(id).get()).data as any[])[0];
}
async function notificationsOf(personId: string, kind?: string): Promise<any[]> {
  const res = await db().collection('notifications').where({ 'to.personId': personId, ...(kind ? { kind } : {}) }).get();
  return res.data as any[];
}

describe('confirmation text and preparation', () => {
  test('the officer prepares a confirmation from the county template with the child and parties filled in', async () => {
    const conf = await prepare();
    expect(conf.status).toBe('pending');
    expect(conf.templateVersion).toBe(1);
    expect(conf.text).toContain('陈小雨');
    expect(conf.text).toContain('陈建业');
    expect(conf.text).toContain('陈桂芳（与儿童关系：祖母）');
    expect(conf.text).toContain('团结社区居民委员会');
    expect(conf.text).toContain('有效期365天');
    expect(conf.text).toMatch(/法定监护人（父母）的责任[\s\S]*受委托监护人的责任[\s\S]*村（居）民委员会的责任/);
    expect(conf.parties.map((p: any) => p.key)).toEqual(['father', 'mother', 'entrusted', 'village']);
    expect(conf.textSha256).toBe(sha(conf.text));
  });

  test('the parent and the guardian are asked to sign: in-app to-do always, subscribe message when they hold a credit', async () => {
    await acceptSubscription(t, w.father.openid, 'signatureRequested', 1);
    await prepare();
    const [toFather] = await notificationsOf(w.father.personId!, 'guardianship.signatureRequested');
    expect(toFather.title).toBe('请签署监护责任确认书');
    expect(toFather.push).toMatchObject({ status: 'sent', errcode: 0 });
    const [toGrandma] = await notificationsOf(w.grandma.personId!, 'guardianship.signatureRequested');
    // No recorded credit: nothing is sent to WeChat; the in-app entry is there.
    expect(toGrandma.push).toMatchObject({ status: 'skipped', attempts: 0 });
    // The card carries the masked child name only.
    const sent = t.wechat.admin.state().messages.filter((m) => m.errcode === 0);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('陈*雨');
    expect(JSON.stringify(sent[0])).not.toContain('陈小雨');
  });

  test('a template edit creates a new version; an existing document keeps the version it was prepared under', async () => {
    const first = await prepare();
    const tpl = await ok('getTemplate', {}, w.admin.openid);
    const edited = await ok('updateTemplate', { title: '监护责任确认书（修订）', body: tpl.body.replace('至少每周', '至少每三天') }, w.admin.openid);
    expect(edited.version).toBe(2);
    expect((await ok('getConfirmation', { confirmationId: first.id }, w.father.openid)).text).toContain('至少每周');
    await ok('revokeConfirmation', { confirmationId: first.id, reason: 'error' }, w.officer.openid);
    const second = await prepare();
    expect(second.templateVersion).toBe(2);
    expect(second.text).toContain('至少每三天');
    expect((await call('updateTemplate', { title: '改', body: tpl.body }, w.officer.openid)).ok).toBe(false);
  });
});

describe('signing', () => {
  test('three personas sign on their own phones; each sees only the line that is theirs; pending while a party is missing', async () => {
    const conf = await prepare();
    expect((await ok('mySigningTasks', {}, w.father.openid)).tasks).toEqual([expect.objectContaining({ id: conf.id, parties: ['father'] })]);
    const afterFather = await sign(conf, 'father', w.father.openid, 1);
    expect(afterFather.ok && (afterFather as any).data.status).toBe('pending');
    expect((await sign(conf, 'entrusted', w.grandma.openid, 2)).ok).toBe(true);
    const view = (await ok('getConfirmation', { confirmationId: conf.id }, w.officer.openid)) as any;
    expect(view.canSign).toEqual(['village']);
    // The mother is a party too and has not signed yet (she is not bound to the child yet):
    // the document stays pending until she does.
    expect((await sign(conf, 'village', w.officer.openid, 3)).ok).toBe(true);
    expect((await ok('getConfirmation', { confirmationId: conf.id }, w.officer.openid)).status).toBe('pending');
  });

  test('in force when every party has signed (parties chosen by the officer); expiry one year later on Shanghai days', async () => {
    const done = await signAll3();
    expect(done.status).toBe('inForce');
    expect(done.expiresOn).toBe('2027-03-02');
    expect(done.verificationCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    const report = await ok('verifyConfirmation', { confirmationId: done.id }, w.father.openid);
    expect(report).toMatchObject({ valid: true, signedParties: ['father', 'entrusted', 'village'], assisted: [], problems: [] });
    // The officer who prepared it is told in 消息, opening the confirmation.
    const told = (await notificationsOf(w.officer.personId!, 'guardianship.confirmationInForce')).filter((n) => n.ref?.id === done.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: '监护责任确认书已生效' });
    expect(told[0].body).toContain('有效期到2027年3月1日（含当天）');
  });

  test('a signature is bound to the signer: a parent cannot sign the guardian line, nobody signs twice, the text must match', async () => {
    const conf = await prepare();
    expect((await sign(conf, 'entrusted', w.father.openid)).error?.code).toBe('FORBIDDEN');
    expect((await sign(conf, 'father', w.otherParent.openid)).error?.code).toBe('FORBIDDEN');
    const wrongText = await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: await uploadSignature(t, w.father.openid, { confirmationId: conf.id, party: 'father' }), textSha256: sha('别的文本') }, w.father.openid);
    expect(wrongText.error?.code).toBe('TEXT_CHANGED');
    expect((await sign(conf, 'father', w.father.openid)).ok).toBe(true);
    expect((await sign(conf, 'father', w.father.openid)).error).toMatchObject({ code: 'ALREADY_SIGNED', message: '您已签署过这份确认书' });
    expect((await sign(conf, 'mother', w.father.openid)).error).toMatchObject({ code: 'ALREADY_SIGNED', message: '您已签署过这份确认书的另一方' });
  });

  test('two parties signing at the same moment both count, and the seal covers both', async () => {
    const conf = await prepareWith(['father', 'entrusted']);
    const [a, b] = await Promise.all([sign(conf, 'father', w.father.openid, 1), sign(conf, 'entrusted', w.grandma.openid, 2)]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const doc = await stored(conf.id);
    expect(Object.keys(doc.signatures).sort()).toEqual(['entrusted', 'father']);
    expect(doc.seal.signatures).toBe(2);
    expect(await ok('verifyConfirmation', { confirmationId: conf.id }, w.officer.openid)).toMatchObject({ valid: true, problems: [] });
  });

  test('an empty pad, a non-PNG or an image of another size is refused', async () => {
    const conf = await prepare();
    const sig = await uploadSignature(t, w.father.openid, { confirmationId: conf.id, party: 'father' });
    expect((await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: { ...sig, strokes: 0 }, textSha256: conf.textSha256 }, w.father.openid)).error?.code).toBe('VALIDATION_FAILED');
    expect((await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: { ...sig, width: 300 }, textSha256: conf.textSha256 }, w.father.openid)).error?.code).toBe('BAD_SIGNATURE');
    const fileID = await uploadOwn(t, w.father.openid, { confirmationId: conf.id, party: 'father' }, Buffer.from('GIF89a……'));
    expect((await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: { ...sig, fileID }, textSha256: conf.textSha256 }, w.father.openid)).error?.code).toBe('BAD_SIGNATURE');
  });

  test('assisted signing on the officer phone records assistedBy, name, ID last four and photo; verification shows it; it is audited', async () => {
    const conf = await prepareWith(['father', 'entrusted']);
    const photo = { fileID: await uploadOwn(t, w.officer.openid, { confirmationId: conf.id, party: 'entrusted', what: 'photo' }, Buffer.from('photo-bytes')) };
    const assisted = await call(
      'signAssisted',
      { confirmationId: conf.id, party: 'entrusted', signature: await uploadSignature(t, w.officer.openid, { confirmationId: conf.id, party: 'entrusted' }, 600, 240, 5), textSha256: conf.textSha256, guardianName: GRANDMA, idLast4: '123x', photoFileID: photo.fileID },
      w.officer.openid,
    );
    expect(assisted.ok).toBe(true);
    const wrongName = await call('signAssisted', { confirmationId: conf.id, party: 'father', signature: await uploadSignature(t, w.officer.openid, { confirmationId: conf.id, party: 'father' }), textSha256: conf.textSha256, guardianName: '别人', idLast4: '1234' }, w.officer.openid);
    expect(wrongName.error?.code).toBe('PARTY_MISMATCH');
    expect((await call('signAssisted', { confirmationId: conf.id, party: 'father', signature: await uploadSignature(t, w.father.openid, { confirmationId: conf.id, party: 'father' }), textSha256: conf.textSha256, guardianName: '陈建业', idLast4: '1234' }, w.father.openid)).error?.code).toBe('FORBIDDEN');
    expect((await sign(conf, 'father', w.father.openid, 6)).ok).toBe(true);
    expect((await sign(conf, 'village', w.officer.openid, 7)).ok).toBe(true);
    const doc = await stored(conf.id);
    // The photo is kept as an evidence copy, as the signature image is (write-once, functions only).
    expect(doc.signatures.entrusted.assisted).toMatchObject({ assistedBy: w.officer.personId, guardianName: GRANDMA, idLast4: '123X', photoFileID: expect.stringMatching(/\/evidence\/photos\//) });
    expect(doc.signatures.entrusted.assisted.photoSha256).toBe(sha('photo-bytes'));
    const report = await ok('verifyConfirmation', { confirmationId: conf.id }, w.township.openid);
    expect(report).toMatchObject({ valid: true, assisted: ['entrusted'] });
    const view = await ok('getConfirmation', { confirmationId: conf.id }, w.father.openid);
    const line = view.parties.find((p: any) => p.key === 'entrusted');
    expect(line).toMatchObject({ assisted: true, assistedName: GRANDMA });
    expect(line.assistedIdLast4).not.toBe('123X');
    const entries = (await db().collection('auditLog').where({ action: 'guardianship.signAssisted' }).get()).data as any[];
    expect(entries).toEqual([expect.objectContaining({ op: 'write', reason: '协助签署', target: { kind: 'confirmation', id: conf.id }, refs: expect.objectContaining({ assisted: 'true', party: 'entrusted' }) })]);
  });
});

async function prepareWith(keys: string[]): Promise<any> {
  const names: Record<string, string> = { father: '陈建业', mother: '王秀英', entrusted: GRANDMA, village: '团结社区居民委员会' };
  const parties = keys.map((k) => ({ key: k, name: names[k], ...(k === 'entrusted' ? { relation: '祖母' } : {}) }));
  return (await ok('prepareConfirmation', { childId: CHILD_ID, requestId: `req-${Math.random().toString(36).slice(2, 10)}`, parties }, w.officer.openid)).confirmation;
}

/** Father, grandmother and the village committee sign (the mother is not a party). */
async function signAll3(): Promise<any> {
  const conf = await prepareWith(['father', 'entrusted']);
  expect(conf.parties.map((p: any) => p.key)).toEqual(['father', 'entrusted', 'village']);
  expect((await sign(conf, 'father', w.father.openid, 1)).ok).toBe(true);
  expect((await sign(conf, 'entrusted', w.grandma.openid, 2)).ok).toBe(true);
  const last = await sign(conf, 'village', w.officer.openid, 3);
  expect(last.ok).toBe(true);
  return (last as any).data;
}

describe('tamper evidence', () => {
  const cases: [string, (doc: any) => Record<string, unknown>][] = [
    ['the text', (d) => ({ text: d.text.replace('至少每周', '至少每月') })],
    ['a party', (d) => ({ parties: d.parties.map((p: any) => (p.key === 'entrusted' ? { ...p, name: '张三' } : p)) })],
    ['a signature time', (d) => ({ 'signatures.father.signedAt': new Date(new Date(d.signatures.father.signedAt).getTime() - 86_400_000) })],
    ['the time it came into force', (d) => ({ inForceAt: new Date(new Date(d.inForceAt).getTime() + 60_000) })],
    ['the expiry day', () => ({ expiresOn: '2030-01-01' })],
    ['a signature image hash', () => ({ 'signatures.entrusted.imageSha256': sha('other') })],
    ['the seal itself', (d) => ({ 'seal.mac': d.seal.mac.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a')) })],
  ];
  test.each(cases)('changing %s fails verification', async (_name, change) => {
    const done = await signAll3();
    expect((await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).valid).toBe(true);
    const doc = await stored(done.id);
    await db().collection('guardianshipConfirmations').doc(done.id).update(change(doc));
    const report = await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid);
    expect(report.valid).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
  });

  test('swapping a signature for another uploaded image fails verification; the kept image cannot be overwritten or deleted; bytes changed on disk are caught', async () => {
    const done = await signAll3();
    const doc = await stored(done.id);
    // What the confirmation records is the function's evidence copy, not the signer's upload.
    expect(doc.signatures.father.fileID).toMatch(/^cloud:\/\/[^/]+\/evidence\/signatures\//);
    // Once signed, nobody is handed a slot for the line again.
    expect((await call('signingSlot', { confirmationId: done.id, party: 'father' }, w.father.openid)).error?.code).toBe('ALREADY_SIGNED');
    expect((await call('signingSlot', { confirmationId: done.id, party: 'entrusted' }, w.officer.openid)).error).toMatchObject({ code: 'CONFLICT', message: '这一栏已签署' });
    const other = (await t.app.uploadFile({ cloudPath: `signatures/other-${Date.now()}.png`, fileContent: makePng(600, 240, 9) })) as { fileID: string };
    await db().collection('guardianshipConfirmations').doc(done.id).update({ 'signatures.father.fileID': other.fileID });
    expect((await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).valid).toBe(false);
    await db().collection('guardianshipConfirmations').doc(done.id).update({ 'signatures.father.fileID': doc.signatures.father.fileID });
    expect((await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).problems).toEqual([]);
    const cloudPath = doc.signatures.father.fileID.replace(/^cloud:\/\/[^/]+\//, '');
    // Not even a function (node-sdk, admin) may write over or delete kept evidence.
    await expect(t.app.uploadFile({ cloudPath, fileContent: makePng(600, 240, 42) })).rejects.toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    expect((await t.app.deleteFile({ fileList: [doc.signatures.father.fileID] })).fileList).toEqual([{ fileID: doc.signatures.father.fileID, code: 'STORAGE_EXCEED_AUTHORITY' }]);
    expect(await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).toMatchObject({ valid: true, problems: [] });
    // Whoever holds the disk (the console, in production) can still change bytes: verification says so.
    writeFileSync(join(t.stack.dataDir, 'standin', 'storage', cloudPath), makePng(600, 240, 42));
    const report = await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid);
    expect(report.valid).toBe(false);
    expect(report.problems.join('')).toContain('签名图片与签署时不一致');
  });

  test('a signing slot is handed only to the line\'s signer, or to the village officer assisting a guardian', async () => {
    const conf = await prepareWith(['father', 'entrusted']);
    const slot = (party: string, openid: string, what = 'signature') => call('signingSlot', { confirmationId: conf.id, party, what }, openid);
    const mine = await slot('father', w.father.openid);
    expect(mine.data.slots).toEqual([{ cloudPath: expect.stringMatching(/^signatures\/[0-9a-f]{20}\/[0-9a-f]{24}\.png$/), expiresAt: expect.any(String) }]);
    expect((await slot('entrusted', w.father.openid)).error?.code).toBe('FORBIDDEN');
    expect((await slot('father', w.grandma.openid)).error?.code).toBe('FORBIDDEN');
    expect((await slot('father', w.father.openid, 'photo')).error?.code).toBe('FORBIDDEN');
    expect((await slot('mother', w.officer.openid)).error?.code).toBe('FORBIDDEN');
    expect((await slot('entrusted', w.officer.openid, 'photo')).data.slots[0].cloudPath).toMatch(/\.jpg$/);
    expect((await slot('village', w.officer.openid)).ok).toBe(true);
    // Two asks, two different one-time places.
    expect((await slot('father', w.father.openid)).data.slots[0].cloudPath).not.toBe(mine.data.slots[0].cloudPath);
  });

  test("signing with a signature image someone else uploaded is refused, naming 签名 (UPLOAD_NOT_OWN); nothing is recorded", async () => {
    const conf = await prepareWith(['father', 'entrusted']);
    // The grandmother's own image, drawn in her slot for her line, passed off as the father's.
    const grandmasImage = await uploadSignature(t, w.grandma.openid, { confirmationId: conf.id, party: 'entrusted' }, 600, 240, 3);
    const r = await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: grandmasImage, textSha256: conf.textSha256 }, w.father.openid);
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'UPLOAD_NOT_OWN', details: { field: 'signature.fileID' } });
    expect(r.error.message).toContain('签名');
    // An image a function put in signatures/ outside anyone's folder is nobody's signature either.
    const loose = (await t.app.uploadFile({ cloudPath: `signatures/loose-${Date.now()}.png`, fileContent: makePng(600, 240, 4) })) as { fileID: string };
    expect((await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: { ...grandmasImage, fileID: loose.fileID }, textSha256: conf.textSha256 }, w.father.openid)).error?.code).toBe('UPLOAD_NOT_OWN');
    // The officer's assisted signing needs the officer's own upload too (signature and photo).
    const assisted = await call('signAssisted', { confirmationId: conf.id, party: 'entrusted', signature: await uploadSignature(t, w.officer.openid, { confirmationId: conf.id, party: 'entrusted' }), textSha256: conf.textSha256, guardianName: GRANDMA, idLast4: '123x', photoFileID: grandmasImage.fileID }, w.officer.openid);
    expect(assisted.error).toMatchObject({ code: 'UPLOAD_NOT_OWN', details: { field: 'photoFileID' } });
    expect((await stored(conf.id)).signatures).toEqual({});
    // His own image drawn for another confirmation, or for another line of this one, is not this slot's.
    // (Another confirmation of the same child can only be a revoked one: a slot handed out before.)
    const elsewhere = await uploadSignature(t, w.father.openid, { confirmationId: conf.id, party: 'father' }, 600, 240, 6);
    await db().collection('uploadSlots').doc(/([0-9a-f]{24})\.png$/.exec(elsewhere.fileID)![1]).update({ task: 'sign:conf_other:father:signature' });
    const replay = await call('signConfirmation', { confirmationId: conf.id, party: 'father', signature: elsewhere, textSha256: conf.textSha256 }, w.father.openid);
    expect(replay.error).toMatchObject({ code: 'UPLOAD_WRONG_SLOT', details: { field: 'signature.fileID' } });
    expect(replay.error.message).toContain('签名图片');
    // The officer's image for the grandmother's line (assisting) is not the committee's signature.
    const otherLine = await uploadSignature(t, w.officer.openid, { confirmationId: conf.id, party: 'entrusted' }, 600, 240, 7);
    expect((await call('signConfirmation', { confirmationId: conf.id, party: 'village', signature: otherLine, textSha256: conf.textSha256 }, w.officer.openid)).error?.code).toBe('UPLOAD_WRONG_SLOT');
    expect((await stored(conf.id)).signatures).toEqual({});
    // The father's own upload for this line goes through.
    expect((await sign(conf, 'father', w.father.openid, 5)).ok).toBe(true);
  });

  test('the PDF is written once per sealed state: asked again it is the same file, and nobody can write over it', async () => {
    const done = await signAll3();
    const first = await ok('renderPdf', { confirmationId: done.id }, w.officer.openid);
    const again = await ok('renderPdf', { confirmationId: done.id }, w.township.openid);
    expect(again.fileID).toBe(first.fileID);
    expect(again.bytes).toBe(first.bytes);
    const cloudPath = first.fileID.replace(/^cloud:\/\/[^/]+\//, '');
    expect(cloudPath).toMatch(/^guardianship\/pdf\//);
    await expect(t.app.uploadFile({ cloudPath, fileContent: Buffer.from('%PDF-1.4 forged') })).rejects.toMatchObject({ code: 'STORAGE_EXCEED_AUTHORITY' });
    const dl = (await t.app.downloadFile({ fileID: first.fileID })) as { fileContent: Buffer };
    expect(dl.fileContent.length).toBe(first.bytes);
    expect(dl.fileContent.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).toMatchObject({ valid: true });
  });

  test('replacing the document with an earlier sealed state is caught by the audit log', async () => {
    const conf = await prepareWith(['father', 'entrusted']);
    await sign(conf, 'father', w.father.openid, 1);
    const early = await stored(conf.id);
    await sign(conf, 'entrusted', w.grandma.openid, 2);
    const { _id, ...rest } = early;
    await db().collection('guardianshipConfirmations').doc(_id).set(rest);
    const report = await ok('verifyConfirmation', { confirmationId: conf.id }, w.officer.openid);
    expect(report.valid).toBe(false);
    expect(report.problems.join('')).toContain('审计日志');
  });

  test('every signature writes the seal to the append-only audit log', async () => {
    const done = await signAll3();
    const entries = (await db().collection('auditLog').where({ 'target.id': done.id, action: 'guardianship.signConfirmation' }).get()).data as any[];
    expect(entries).toHaveLength(3);
    const doc = await stored(done.id);
    expect(entries.map((e) => e.refs.seal)).toContain(doc.seal.mac);
  });
});

describe('PDF', () => {
  test('a signed confirmation downloads as a Chinese PDF with an embedded subset of Noto Sans SC', async () => {
    const done = await signAll3();
    const r = await ok('renderPdf', { confirmationId: done.id }, w.father.openid);
    const { fileContent } = (await t.app.downloadFile({ fileID: r.fileID })) as { fileContent: Buffer };
    const pdf = Buffer.from(fileContent);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(pdf.length).toBeLessThan(600_000); // subset, not the 10 MB font
    // The text is extractable: the ToUnicode maps of the embedded font name 监 (U+76D1) and 护 (U+62A4).
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    const cmap = streams.filter((s) => s.includes('beginbfchar') || s.includes('beginbfrange')).join('\n').toLowerCase();
    expect(cmap).toContain('76d1');
    expect(cmap).toContain('62a4');
    const exports = (await db().collection('auditLog').where({ action: 'guardianship.renderPdf' }).get()).data as any[];
    expect(exports).toEqual([expect.objectContaining({ op: 'export', target: { kind: 'confirmation', id: done.id } })]);
  }, 60_000);

  test('a confirmation still being signed cannot be downloaded', async () => {
    const conf = await prepare();
    expect((await call('renderPdf', { confirmationId: conf.id }, w.officer.openid)).error?.code).toBe('NOT_SIGNED');
  });
});

describe('revocation', () => {
  test('revoking with a reason prompts the village officer to prepare a new one', async () => {
    const done = await signAll3();
    const r = await ok('revokeConfirmation', { confirmationId: done.id, reason: 'guardianChanged' }, w.officer.openid);
    expect(r).toMatchObject({ renewalNeeded: true, confirmation: expect.objectContaining({ status: 'revoked' }) });
    expect(await notificationsOf(w.officer.personId!, 'guardianship.renewalNeeded')).toHaveLength(1);
    expect((await ok('verifyConfirmation', { confirmationId: done.id }, w.officer.openid)).status).toBe('revoked');
    expect((await call('revokeConfirmation', { confirmationId: done.id, reason: 'other' }, w.father.openid)).error?.code).toBe('FORBIDDEN');
  });
});

describe('parents check in', () => {
  test('a parent sees only their own children, and each read is audited', async () => {
    const mine = await ok('myChildren', {}, w.father.openid);
    expect(mine.children.map((c: any) => c.childId)).toEqual([CHILD_ID]);
    expect(mine.children[0]).toMatchObject({ name: '陈小雨', caregiver: { name: GRANDMA, relation: '祖母' }, checkInDue: true });
    expect((await call('childOverview', { childId: OTHER_CHILD_ID }, w.father.openid)).error?.code).toBe('FORBIDDEN');
    const overview = await ok('childOverview', { childId: CHILD_ID }, w.father.openid);
    expect(overview.caregiver.phone).toBe('13900002222');
    expect(overview.school).toMatchObject({ school: '尧渡中心小学三年级', schooling: '小学' });
    const reads = (await db().collection('auditLog').where({ 'actor.personId': w.father.personId, op: 'read' }).get()).data as any[];
    expect(reads.map((e) => `${e.action}:${e.target.id}`).sort()).toEqual([`guardianship.childOverview:${CHILD_ID}`, `guardianship.myChildren:${CHILD_ID}`]);
  });

  test('latest visit notes come from care work visits when there are some', async () => {
    await db().collection('visits').add({ childId: CHILD_ID, villageCode: '341721100001', date: '2026-02-20', kind: 'home', visitor: { personId: 'x', role: 'villageOfficer' }, findings: { health: '身体健康', schooling: '学习认真' }, photos: [], createdAt: new Date() });
    const overview = await ok('childOverview', { childId: CHILD_ID }, w.father.openid);
    expect(overview.visits).toEqual([expect.objectContaining({ date: '2026-02-20', notes: ['身体健康', '学习认真'], schooling: '学习认真' })]);
  });

  test('a new visit note reaches the parents once, by in-app entry and subscribe message', async () => {
    await acceptSubscription(t, w.father.openid, 'visitRecorded', 2);
    await db().collection('visits').add({ _id: 'visit-1', childId: CHILD_ID, villageCode: '341721100001', date: '2026-03-01', kind: 'home', visitor: { personId: w.officer.personId, role: 'villageOfficer' }, findings: { health: '身体健康，按时吃饭' }, photos: [], createdAt: new Date('2026-03-01T09:00:00Z') });
    expect((await ok('runSweeps', {})).visitNotices).toBe(1);
    expect((await ok('runSweeps', {})).visitNotices).toBe(0);
    const [n] = await notificationsOf(w.father.personId!, 'guardianship.visitRecorded');
    expect(n.push).toMatchObject({ status: 'sent' });
    const card = t.wechat.admin.state().messages.find((m) => m.templateId === 'TPL_VISIT_NEW' && m.errcode === 0)!;
    expect(JSON.stringify(card.data)).toContain('村儿童主任');
    expect(JSON.stringify(card.data)).toContain('身体健康，按时吃饭');
    expect(await notificationsOf(w.grandma.personId!, 'guardianship.visitRecorded')).toHaveLength(0);
    expect((await call('runSweeps', {}, w.officer.openid)).error?.code).toBe('FORBIDDEN');
  });

  test('logging a call, messaging the guardian, and updating the work place (recorded in the file history)', async () => {
    const logged = await ok('logCheckIn', { childId: CHILD_ID, requestId: 'req-checkin-1', kind: 'video', minutes: 20 }, w.father.openid);
    expect(logged).toMatchObject({ on: '2026-03-02', kind: 'video', reused: false });
    expect((await ok('logCheckIn', { childId: CHILD_ID, requestId: 'req-checkin-1', kind: 'video' }, w.father.openid)).reused).toBe(true);
    expect((await call('logCheckIn', { childId: CHILD_ID, requestId: 'req-checkin-2', kind: 'call', on: '2026-03-03' }, w.father.openid)).error?.code).toBe('VALIDATION_FAILED');
    expect((await ok('myChildren', {}, w.father.openid)).children[0]).toMatchObject({ lastCheckInOn: '2026-03-02', daysSinceCheckIn: 0, checkInDue: false });

    const msg = await ok('sendMessage', { childId: CHILD_ID, requestId: 'req-msg-1', to: 'entrustedGuardian', text: '妈，孩子这周作业多吗？' }, w.father.openid);
    expect(msg.delivered).toBe(1);
    expect(await notificationsOf(w.grandma.personId!, 'guardianship.parentMessage')).toHaveLength(1);
    // The grandmother opens the thread: one new message from the father, then it is read.
    const seen = await ok('listMessages', { childId: CHILD_ID }, w.grandma.openid);
    expect(seen).toMatchObject({ myRole: 'entrustedGuardian', unread: 1 });
    expect(seen.messages[0]).toMatchObject({ text: '妈，孩子这周作业多吗？', fromRole: 'parent', mine: false });
    expect(seen.canWriteTo.map((x: any) => x.role)).toEqual(['parent', 'villageOfficer']);
    expect((await ok('listMessages', { childId: CHILD_ID }, w.grandma.openid)).unread).toBe(0);
    // The father sees his message as read; the grandmother answers and the father is told.
    expect((await ok('listMessages', { childId: CHILD_ID }, w.father.openid)).messages[0]).toMatchObject({ mine: true, read: true });
    t.clock.set(new Date('2026-03-02T03:00:00Z'));
    const reply = await ok('sendMessage', { childId: CHILD_ID, requestId: 'req-msg-2', to: 'parent', text: '不多，放心，他每天都按时写完' }, w.grandma.openid);
    expect(reply.delivered).toBe(1);
    const [told] = await notificationsOf(w.father.personId!, 'guardianship.parentMessage');
    expect(told).toMatchObject({ title: '照护人（受委托监护人）留言', ref: { kind: 'childMessages', id: CHILD_ID } });
    const fatherView = await ok('listMessages', { childId: CHILD_ID }, w.father.openid);
    expect(fatherView.unread).toBe(1);
    expect(fatherView.messages.map((m: any) => [m.fromRole, m.to, m.text])).toEqual([
      ['parent', 'entrustedGuardian', '妈，孩子这周作业多吗？'],
      ['entrustedGuardian', 'parent', '不多，放心，他每天都按时写完'],
    ]);
    // The village officer reads the same thread and may write to the family; no one writes to their own side.
    expect((await ok('listMessages', { childId: CHILD_ID }, w.officer.openid)).messages).toHaveLength(2);
    expect((await call('sendMessage', { childId: CHILD_ID, requestId: 'req-msg-3', to: 'entrustedGuardian', text: '自己给自己' }, w.grandma.openid)).error?.code).toBe('VALIDATION_FAILED');
    // Hidden control characters are refused like everywhere else.
    expect((await call('sendMessage', { childId: CHILD_ID, requestId: 'req-msg-4', to: 'villageOfficer', text: '看这里\u202Egnp.exe' }, w.father.openid)).error?.code).toBe('VALIDATION_FAILED');

    const updated = await registryCall('updateMyContact', { childId: CHILD_ID, parent: 'father', workPlace: '广东省深圳市', phone: '138 0000 3333' }, w.father.openid);
    if (!updated.ok) throw new Error(`updateMyContact: ${JSON.stringify(updated.error)}`);
    const upd = updated.data;
    expect(upd.changes.map((c: { path: string }) => c.path).sort()).toEqual(['father.phone', 'father.workPlace']);
    const hist = (await db().collection('childHistory').where({ childId: CHILD_ID }).get()).data as any[];
    expect(hist).toEqual([expect.objectContaining({ op: 'update', by: expect.objectContaining({ kind: 'parent', personId: w.father.personId }) })]);
    const child = ((await db().collection('children').doc(CHILD_ID).get()).data as any[])[0];
    expect(child.father.workPlace).toBe('广东省深圳市');
    // 亲情连线 knows which parent the caller is, and shows the new work place.
    expect((await ok('childOverview', { childId: CHILD_ID }, w.father.openid)).myContact).toEqual({ parent: 'father', workPlace: '广东省深圳市' });
    expect(JSON.stringify(child.father.phone)).not.toContain('13800003333');
    expect((await registryCall('updateMyContact', { childId: CHILD_ID, parent: 'mother', workPlace: '上海市' }, w.father.openid)).error?.code).toBe('PARENT_MISMATCH');
  });
});

describe('county configuration', () => {
  test('the county admin changes the defaults (audited); others cannot', async () => {
    const before = await ok('getCountyConfig', {}, w.officer.openid);
    expect(before).toMatchObject({ confirmationExpiryDays: 365, confirmationReminderLeadDays: 30, orderDeadlineDays: 7, checkInIntervalDays: 14 });
    const after = await ok('updateCountyConfig', { confirmationExpiryDays: 730, reason: '县里统一调整为两年' }, w.admin.openid);
    expect(after.confirmationExpiryDays).toBe(730);
    expect((await call('updateCountyConfig', { orderDeadlineDays: 3, reason: '试试' }, w.township.openid)).error?.code).toBe('FORBIDDEN');
    const audit = (await db().collection('auditLog').where({ action: 'guardianship.updateCountyConfig' }).get()).data as any[];
    expect(audit).toEqual([expect.objectContaining({ reason: '县里统一调整为两年', fields: ['confirmationExpiryDays'] })]);
    const done = await signAll3();
    expect(done.expiresOn).toBe('2028-03-01');
  });
});
