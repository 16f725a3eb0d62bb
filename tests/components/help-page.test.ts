/**
 * 求助 (pages/help/index): the emergency number and the youth helpline, as TDesign buttons that
 * really dial.
 */
import { openPage, settle, visibleText } from './harness';

const wx = (global as any).wx;

describe('求助 page', () => {
  test('shows the emergency advice, the helpline and its four kinds of help', async () => {
    const page = openPage('pages/help/index');
    await settle();
    const text = visibleText(page);
    expect(text).toContain('紧急情况');
    expect(text).toContain('发现儿童独自在家、走失或处于危险中，请立即报警。');
    expect(text).toContain('青少年维权与心理咨询热线 12355');
    const titles = page.querySelectorAll('.topic >>> .t-cell__title-text');
    expect(titles.map((t) => t.dom.textContent)).toEqual(['心理健康', '法律咨询', '家庭教育', '就业创业']);
  });

  test.each([
    ['.call-helpline', '拨打 12355', '12355'],
    ['.call-emergency', '拨打 110', '110'],
  ])('tapping the TDesign button %s dials', async (selector, label, number) => {
    const makePhoneCall = jest.fn();
    wx.makePhoneCall = makePhoneCall;
    const page = openPage('pages/help/index');
    await settle();
    const button = page.querySelector(`${selector} >>> .t-button`);
    expect(button?.dom?.textContent?.trim()).toBe(label);
    button!.dispatchEvent('tap');
    await settle();
    expect(makePhoneCall).toHaveBeenCalledTimes(1);
    expect(makePhoneCall.mock.calls[0][0]).toMatchObject({ phoneNumber: number });
  });
});
