/**
 * Cloud storage through node-sdk: `uploadFile` (metadata + PUT), `getTempFileURL` (URL served
 * by the stand-in, plain GET returns the bytes), `downloadFile`, `deleteFile`.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf, httpRequest, startTestStandin, type TestStandin } from './support';

let t: TestStandin;

beforeAll(async () => {
  t = await startTestStandin();
});
afterAll(() => t.stop());

test('upload, temporary URL, GET, download, delete', async () => {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256))]);
  const cloudPath = 'consents/2024/张小明-监护确认书.pdf';
  const up = await t.app.uploadFile({ cloudPath, fileContent: bytes });
  expect(up.fileID).toMatch(/^cloud:\/\/[^/]+\/consents\/2024\/张小明-监护确认书\.pdf$/);

  const urls = await t.app.getTempFileURL({ fileList: [up.fileID, { fileID: up.fileID, maxAge: 600 }] });
  expect(urls.fileList).toHaveLength(2);
  expect(urls.fileList[0]).toMatchObject({ fileID: up.fileID, code: 'SUCCESS' });
  const url = urls.fileList[0].tempFileURL;
  expect(url.startsWith(t.standin.url)).toBe(true);

  const got = await httpRequest(encodeURI(url));
  expect(got.status).toBe(200);
  expect(got.headers['content-type']).toBe('application/pdf');
  expect(got.body.equals(bytes)).toBe(true);

  const dl = await t.app.downloadFile({ fileID: up.fileID });
  expect(Buffer.compare(dl.fileContent as Buffer, bytes)).toBe(0);

  const del = await t.app.deleteFile({ fileList: [up.fileID, 'cloud://standin-test.bucket/none.txt'] });
  expect(del.fileList).toEqual([
    { fileID: up.fileID, code: 'SUCCESS' },
    { fileID: 'cloud://standin-test.bucket/none.txt', code: 'STORAGE_FILE_NONEXIST' },
  ]);
  expect((await httpRequest(encodeURI(url))).status).toBe(404);
  const after = await t.app.getTempFileURL({ fileList: [up.fileID] });
  expect(after.fileList[0].code).toBe('STORAGE_FILE_NONEXIST');
  expect(await codeOf(t.app.downloadFile({ fileID: up.fileID }))).toBe('STORAGE_FILE_NONEXIST');
});

test('upload from a read stream, overwrite, files survive a restart', async () => {
  const src = join(t.dataDir, 'source.txt');
  writeFileSync(src, '第一版');
  const { fileID } = await t.app.uploadFile({ cloudPath: 'notes/a.txt', fileContent: createReadStream(src) });
  await t.app.uploadFile({ cloudPath: 'notes/a.txt', fileContent: Buffer.from('第二版') });
  await t.restart();
  const url = (await t.app.getTempFileURL({ fileList: [fileID] })).fileList[0].tempFileURL;
  const got = await httpRequest(encodeURI(url));
  expect(got.body.toString('utf8')).toBe('第二版');
  expect(got.headers['content-type']).toBe('text/plain; charset=utf-8');
});

test('a path escaping the storage folder is refused', async () => {
  expect(await codeOf(t.app.uploadFile({ cloudPath: '../outside.txt', fileContent: Buffer.from('x') }))).toBe('INVALID_PARAM');
  const res = await httpRequest(`${t.standin.url}/__storage/env/..%2F..%2Fstandin.sqlite`);
  expect(res.status).toBe(400);
});
