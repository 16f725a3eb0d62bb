/**
 * What a failed call says to the person: the function's Chinese message, and for a validation
 * failure the field named as the form shows it — never a code key, a path or JSON.
 *
 * The functions name a field by the label its schema carries (`父亲联系电话：电话号码格式不正确`,
 * `details.issues[].label`, cloudfunctions/_shared/issues.ts). Where a schema has no label the
 * message starts with the input's path (`group：不能超过20个字`); the page passes the labels of its
 * own form (`{ group: '村民小组' }`) and the path is replaced by that label, or left out.
 */
interface FailedCall {
  code: string;
  message: string;
  details?: unknown;
}

interface Issue {
  path?: unknown;
  label?: unknown;
  message?: unknown;
}

/** A code key or dotted path (`changes.father.phone`, `group`), as opposed to words. */
const KEY = /^[A-Za-z_][\w.[\]]*$/;

/**
 * The sentence to show for a failed call.
 * @param labels the page's field labels by input path (`{ 'changes.father.phone': '父亲电话' }`)
 */
export function errorText(error: FailedCall, labels: Record<string, string> = {}): string {
  const issues = ((error.details as { issues?: Issue[] } | undefined)?.issues ?? []).filter((i) => i && typeof i.message === 'string');
  if (error.code === 'VALIDATION_FAILED' && issues.length) {
    const first = issues[0];
    const path = typeof first.path === 'string' ? first.path : '';
    const label = typeof first.label === 'string' && first.label ? first.label : labelOf(path, labels);
    const message = String(first.message);
    return label ? `${label}：${message}` : message;
  }
  // A message that still starts with a key (`group：…`): name the field or drop the key.
  const m = /^([^：:]+)[：:](.*)$/s.exec(error.message);
  if (m && KEY.test(m[1].trim())) {
    const label = labelOf(m[1].trim(), labels);
    return label ? `${label}：${m[2].trim()}` : m[2].trim();
  }
  return error.message;
}

/**
 * The page's label for an input path: the path itself, then without its leading segments
 * (`changes.father.phone` → `father.phone`, the form's key), then its nearest labelled parent.
 */
function labelOf(path: string, labels: Record<string, string>): string | undefined {
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const l = labels[parts.slice(i).join('.')];
    if (l) return l;
  }
  for (let n = parts.length - 1; n > 0; n--) {
    const l = labels[parts.slice(0, n).join('.')];
    if (l) return l;
  }
  return undefined;
}
