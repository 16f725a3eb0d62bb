/**
 * A person accepting a subscribe template, as the mini-program records it: WeChat gives the
 * credit (the WeChat stand-in's `grantSubscription`) and the page records the answer through
 * `inbox.recordSubscriptions` (so `notify()` finds the credit). The stack must build `inbox`.
 */
import type { TemplateKey } from '../../cloudfunctions/_shared/wechat/templates';
import { SUBSCRIBE_TEMPLATES } from '../../cloudfunctions/_shared/wechat/templates';
import type { TestStack } from './stack';

/** `openid` accepts `template` `times` times (one credit each). */
export async function acceptSubscription(t: TestStack, openid: string, template: TemplateKey, times = 1): Promise<void> {
  t.wechat.admin.grantSubscription(openid, SUBSCRIBE_TEMPLATES[template].placeholderId, times);
  for (let i = 0; i < times; i++) {
    const r = await t.call('inbox', 'recordSubscriptions', { moment: 'settings', results: [{ template, answer: 'accept' }] }, { openid });
    if (!r.ok) throw new Error(`recordSubscriptions failed: ${JSON.stringify(r)}`);
  }
}
