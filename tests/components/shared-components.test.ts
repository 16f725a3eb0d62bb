/**
 * The shared components every page builds on (miniprogram/components/sw-*): what a person sees
 * and what a tap does.
 */
import { renderComponent, settle, visibleText } from './harness';

/** The words shown, without the spaces between elements (the simulator drops them). */
const words = (comp: Parameters<typeof visibleText>[0]) => visibleText(comp).replace(/\s+/g, '');
import { textMetrics } from './styles';

jest.mock('../../miniprogram/config/env', () => ({ env: { mode: 'cloud', cloudEnv: '', gatewayUrl: '', speech: false } }));

const wx = (global as any).wx;

afterEach(() => {
  wx.clearStorageSync();
});

test('sw-state: an error says what failed and always offers 重试, whose tap reaches the page', async () => {
  const comp = renderComponent('components/sw-state/index', { state: 'error', detail: '网络异常，请检查网络后重试' });
  await settle();
  expect(visibleText(comp)).toContain('加载失败');
  expect(visibleText(comp)).toContain('网络异常，请检查网络后重试');
  const onAction = jest.fn();
  comp.instance.triggerEvent = onAction;
  comp.querySelector('.state__button >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(onAction).toHaveBeenCalledWith('action');
});

test('sw-state: loading and empty read as words, and render nothing for no state', async () => {
  const loading = renderComponent('components/sw-state/index', { state: 'loading' });
  await settle();
  expect(visibleText(loading)).toBe('正在加载…');
  const empty = renderComponent('components/sw-state/index', { state: 'empty', title: '还没有求助记录', detail: '在上面填写后提交', action: '去填写' });
  await settle();
  expect(words(empty)).toBe('还没有求助记录在上面填写后提交去填写');
  const none = renderComponent('components/sw-state/index', { state: '' });
  await settle();
  expect(visibleText(none)).toBe('');
});

test('sw-phone: a full number can be called, and `called` fires once WeChat hands it to the dialer', async () => {
  wx.makePhoneCall = jest.fn((o: { success: () => void }) => o.success());
  const comp = renderComponent('components/sw-phone/index', { number: '13800001111', who: '奶奶' });
  await settle();
  expect(visibleText(comp)).toBe('138 0000 1111拨打奶奶');
  const called = jest.fn();
  comp.instance.triggerEvent = called;
  comp.querySelector('.phone__call >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13800001111' }));
  expect(called).toHaveBeenCalledWith('called', { number: '13800001111' });
});

test('sw-phone: a masked number is shown but cannot be dialled', async () => {
  const comp = renderComponent('components/sw-phone/index', { number: '138****1111' });
  await settle();
  expect(visibleText(comp)).toBe('138****1111');
  expect(comp.querySelector('.phone__call')).toBeUndefined();
});

test('sw-field: the label and the value are readable (≥ 4.5:1) and an empty value says 未填写', async () => {
  const comp = renderComponent('components/sw-field/index', { label: '就读学校', value: '' });
  await settle();
  expect(words(comp)).toBe('就读学校未填写');
  const label = comp.dom.querySelector('[class*="field__label"]');
  const value = comp.dom.querySelector('[class*="field__value"]');
  expect(textMetrics(label).contrast).toBeGreaterThanOrEqual(4.5);
  expect(textMetrics(value).contrast).toBeGreaterThanOrEqual(4.5);
});

test('sw-row: news is a badge in words, a status is a tag in words; only rows with an arrow fire click', async () => {
  const comp = renderComponent('components/sw-row/index', { title: '心理困扰', description: '12月3日 14:20', unread: 2, tag: '处理中', tagTone: 'info', arrow: true });
  await settle();
  expect(words(comp)).toBe('心理困扰12月3日14:202条新回复›');
  const badge = comp.dom.querySelector('[class*="row__badge"]');
  expect(textMetrics(badge).contrast).toBeGreaterThanOrEqual(4.5);
  const click = jest.fn();
  comp.instance.triggerEvent = click;
  comp.querySelector('.row')!.dispatchEvent('tap');
  await settle();
  expect(click).toHaveBeenCalledWith('click');
  const info = renderComponent('components/sw-row/index', { title: '学校', tag: '已核实', tagTone: 'success' });
  await settle();
  expect(words(info)).toBe('学校已核实');
  expect(info.dom.querySelector('[class*="row--tappable"]')).toBeNull();
  const infoClick = jest.fn();
  info.instance.triggerEvent = infoClick;
  info.querySelector('.row')!.dispatchEvent('tap');
  await settle();
  expect(infoClick).not.toHaveBeenCalled();
});

test('sw-tag: the status is a word; its colour on the light tag keeps ≥ 4.5:1 in every tone', async () => {
  for (const tone of ['info', 'success', 'warning', 'danger', 'neutral']) {
    const comp = renderComponent('components/sw-tag/index', { text: '待签署', tone });
    await settle();
    expect(visibleText(comp)).toBe('待签署');
    const text = comp.dom.querySelector('[class*="t-tag__text"]') ?? comp.dom.querySelector('[class*="t-tag"]');
    expect([tone, textMetrics(text).contrast >= 4.5]).toEqual([tone, true]);
  }
});

test('sw-elder-offer: shown until chosen; choosing 长辈版 records it and hides the offer', async () => {
  wx.showToast = jest.fn();
  const comp = renderComponent('components/sw-elder-offer/index');
  await settle();
  expect(visibleText(comp)).toContain('换成长辈版');
  comp.querySelector('.offer__yes >>> .t-button')!.dispatchEvent('tap');
  await settle();
  expect(wx.getStorageSync('shouwang.elderMode')).toBe('on');
  expect(visibleText(comp)).toBe('');
  const again = renderComponent('components/sw-elder-offer/index');
  await settle();
  expect(visibleText(again)).toBe('');
});

test('sw-read-aloud: without the speech plugin configured there is no 朗读 button at all', async () => {
  const comp = renderComponent('components/sw-read-aloud/index', { text: '监护责任确认书全文' });
  await settle();
  expect(visibleText(comp)).toBe('');
});
