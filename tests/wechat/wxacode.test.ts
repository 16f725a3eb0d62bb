/**
 * The WeChat stand-in's wxacode.getUnlimited (local/wechat/wxacode.ts): a PNG of the accept page
 * with the invitation code as its scene; WeChat's checks on scene, page and width.
 */
import { WxError } from '../../local/wechat/errors';
import { wxacodeUnlimited } from '../../local/wechat/wxacode';

const code = (e: unknown) => (e instanceof WxError ? e.errcode : undefined);

test('draws a PNG for a page and a scene', async () => {
  const png = await wxacodeUnlimited({ scene: 'K7M3-Q8R2TX', page: 'packageAccount/pages/accept/index', check_path: false }, undefined);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
});

test('refuses what WeChat refuses', async () => {
  await expect(wxacodeUnlimited({ scene: 'x'.repeat(33) }, undefined).catch(code)).resolves.toBe(40169);
  await expect(wxacodeUnlimited({ scene: '中文' }, undefined).catch(code)).resolves.toBe(40169);
  await expect(wxacodeUnlimited({ scene: 'ok', page: '/pages/x' }, undefined).catch(code)).resolves.toBe(41030);
  await expect(wxacodeUnlimited({ scene: 'ok', page: 'pages/missing/index' }, ['pages/mine/index']).catch(code)).resolves.toBe(41030);
  await expect(wxacodeUnlimited({ scene: 'ok', page: 'pages/missing/index', check_path: false }, ['pages/mine/index'])).resolves.toBeInstanceOf(Buffer);
  await expect(wxacodeUnlimited({ scene: 'ok', width: 100 }, undefined).catch(code)).resolves.toBe(40097);
});
