/**
 * 求助 (pages/help/index): the emergency number and the youth helpline, as TDesign buttons that
 * really dial.
 */
import { openPage, settle, visibleText } from './harness';

const wx = (global as any).wx;

describe('求助 page', () => {
  test('shows the emergency line, the form first with its four kinds of help as choices, and the helpline', async () => {
    const page = openPage('pages/help/index');
    await settle();
    const text = visibleText(page);
    expect(text).toContain('孩子独自在家、走失或正在受到伤害，请马上报警。');
    expect(text).toContain('青少年维权与心理咨询热线');
    // Categories are TDesign radio choices (not rows that look like information).
    const titles = page.querySelectorAll('.topic >>> .t-radio__title');
    expect(titles.map((t) => t.dom.textContent.trim())).toEqual(['心理健康', '法律咨询', '家庭教育', '就业创业']);
    // “Who are you” includes grandparents and other guardians.
    expect(text).toContain('我是爷爷奶奶或其他监护人');
    // The form comes before the 12355 block and before 我的求助.
    expect(text.indexOf('1. 您想问哪方面的事？')).toBeLessThan(text.indexOf('拨打 12355'));
    expect(page.dom.querySelector('wx-radio, wx-switch, wx-checkbox')).toBeNull(); // no WeChat-native controls
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
