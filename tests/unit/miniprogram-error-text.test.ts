/** miniprogram/utils/error-text.ts: a failed call reads in Chinese, the field named as the form shows it. */
import { errorText } from '../../miniprogram/utils/error-text';

test('a validation failure names the field by the label the function sent', () => {
  const error = { code: 'VALIDATION_FAILED', message: '父亲联系电话：电话号码格式不正确', details: { issues: [{ path: 'changes.father.phone', label: '父亲联系电话', code: 'PHONE_INVALID', message: '电话号码格式不正确' }] } };
  expect(errorText(error, { 'father.phone': '父亲电话' })).toBe('父亲联系电话：电话号码格式不正确');
});

test('without a label from the function, the page’s own label replaces the key; with neither, the key is left out', () => {
  const issue = (path: string) => ({ code: 'VALIDATION_FAILED', message: `${path}：不能超过20个字`, details: { issues: [{ path, code: 'TOO_LONG', message: '不能超过20个字' }] } });
  expect(errorText(issue('group'), { group: '村民小组' })).toBe('村民小组：不能超过20个字');
  // The form's key is the tail of the input path (`changes.father.workPlace` → `father.workPlace`).
  expect(errorText(issue('changes.father.workPlace'), { 'father.workPlace': '父亲务工地点' })).toBe('父亲务工地点：不能超过20个字');
  expect(errorText(issue('reason'))).toBe('不能超过20个字');
  // A message that starts with a key but carries no issues.
  expect(errorText({ code: 'CONFLICT', message: 'textVersion：版本不符' })).toBe('版本不符');
});

test('any other failure is the function’s own sentence', () => {
  expect(errorText({ code: 'FORBIDDEN', message: '您没有权限查看该档案' })).toBe('您没有权限查看该档案');
  expect(errorText({ code: 'NETWORK', message: '网络异常，请稍后重试' }, { a: 'b' })).toBe('网络异常，请稍后重试');
  // Chinese before the colon is words, not a key.
  expect(errorText({ code: 'CONFLICT', message: '同意书版本已更新：请阅读最新版本' })).toBe('同意书版本已更新：请阅读最新版本');
});
