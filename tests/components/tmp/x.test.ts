import { openPage, settle } from '../harness';
jest.mock('../../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '' } }));
test('x', async () => {
  const page = openPage('pages/help/index');
  await settle();
  const ta = page.dom.querySelector('wx-textarea');
  console.log(ta.outerHTML, Object.keys(ta), Object.getOwnPropertySymbols(ta));
  const n = page.querySelector('.description');
  console.log(n && Object.keys(n), n && (n as any)._exparserNode && Object.keys((n as any)._exparserNode));
  const e = (n as any)._exparserNode;
  console.log(JSON.stringify(e.__attributes), JSON.stringify(e.__propData), e.$$ === ta, ta.__wxElement === e);
});
