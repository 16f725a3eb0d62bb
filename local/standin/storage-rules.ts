/**
 * CloudBase's storage security rules, evaluated as CloudBase documents them (docs.cloudbase.net
 * storage/security-rules): a JSON object `{ read, write }` whose values are booleans or expression
 * strings over `auth` (`openid`, `uid`, `loginType`; null when not signed in) and `resource`
 * (`openid` = the file's owner, `path` = its cloud path). Operators `== != < > <= >= && || !`,
 * parentheses, string/number/boolean/null literals and regex literals with `.test(…)`. A missing
 * key is false; anything the parser does not know is refused (a rule the stand-in cannot read
 * must not silently allow).
 *
 * `write` covers upload, overwrite and delete. For a new file `resource.openid` is the uploader
 * (CloudBase's "仅创建者可写" template `resource.openid == auth.openid` would otherwise refuse
 * every upload); for an existing file it is the owner recorded at its first upload.
 */

/** The request's identity as a rule sees it; null = not signed in. */
export type RuleAuth = { openid?: string; uid?: string; loginType?: string } | null;
/** The file as a rule sees it. */
export interface RuleResource {
  openid: string;
  path: string;
}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'ref'; path: string[] }
  | { t: 'test'; re: RegExp; arg: Node }
  | { t: 'not'; e: Node }
  | { t: 'bin'; op: string; a: Node; b: Node };

class RuleSyntaxError extends Error {}

/** Parses one rule expression. @throws RuleSyntaxError with the position */
function parse(src: string): Node {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const fail = (what: string): never => {
    throw new RuleSyntaxError(`规则表达式第${i + 1}个字符处${what}：${src}`);
  };
  const eat = (s: string): boolean => {
    ws();
    if (src.startsWith(s, i)) {
      i += s.length;
      return true;
    }
    return false;
  };
  const regex = (): RegExp => {
    // At the opening slash: scan to the closing one, honouring escapes and character classes.
    let j = i + 1;
    let inClass = false;
    for (; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') j++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
    }
    if (j >= src.length) fail('正则表达式没有结束');
    const body = src.slice(i + 1, j);
    let k = j + 1;
    while (k < src.length && /[gimsuy]/.test(src[k])) k++;
    const flags = src.slice(j + 1, k).replace(/g/g, '');
    i = k;
    try {
      return new RegExp(body, flags);
    } catch {
      return fail('正则表达式无效');
    }
  };
  const primary = (): Node => {
    ws();
    if (eat('(')) {
      const e = or();
      if (!eat(')')) fail('缺少右括号');
      return e;
    }
    const c = src[i];
    if (c === '/') {
      const re = regex();
      if (!eat('.test') || !eat('(')) fail('正则之后应为 .test(…)');
      const arg = or();
      if (!eat(')')) fail('缺少右括号');
      return { t: 'test', re, arg };
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let out = '';
      for (; j < src.length && src[j] !== c; j++) out += src[j] === '\\' ? src[++j] : src[j];
      if (j >= src.length) fail('字符串没有结束');
      i = j + 1;
      return { t: 'lit', v: out };
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      i += num[0].length;
      return { t: 'lit', v: Number(num[0]) };
    }
    const id = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*/.exec(src.slice(i));
    if (!id) return fail('无法识别');
    i += id[0].length;
    if (id[0] === 'true' || id[0] === 'false') return { t: 'lit', v: id[0] === 'true' };
    if (id[0] === 'null') return { t: 'lit', v: null };
    const path = id[0].split('.');
    if (path[0] !== 'auth' && path[0] !== 'resource') fail(`未知变量 ${path[0]}`);
    return { t: 'ref', path };
  };
  const unary = (): Node => (eat('!') && !src.startsWith('=', i) ? { t: 'not', e: unary() } : primary());
  const cmp = (): Node => {
    const a = unary();
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (eat(op)) return { t: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const and = (): Node => {
    let a = cmp();
    while (eat('&&')) a = { t: 'bin', op: '&&', a, b: cmp() };
    return a;
  };
  const or = (): Node => {
    let a = and();
    while (eat('||')) a = { t: 'bin', op: '||', a, b: and() };
    return a;
  };
  const root = or();
  ws();
  if (i < src.length) fail('多余的内容');
  return root;
}

function evaluate(n: Node, vars: { auth: RuleAuth; resource: RuleResource }): unknown {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'ref': {
      let v: unknown = vars[n.path[0] as 'auth' | 'resource'];
      for (const k of n.path.slice(1)) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
      return v === undefined ? null : v;
    }
    case 'test': {
      const s = evaluate(n.arg, vars);
      return typeof s === 'string' && n.re.test(s);
    }
    case 'not':
      return evaluate(n.e, vars) !== true;
    case 'bin': {
      if (n.op === '&&') return evaluate(n.a, vars) === true && evaluate(n.b, vars) === true;
      if (n.op === '||') return evaluate(n.a, vars) === true || evaluate(n.b, vars) === true;
      const a = evaluate(n.a, vars);
      const b = evaluate(n.b, vars);
      if (n.op === '==') return a === b;
      if (n.op === '!=') return a !== b;
      if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) return false;
      const x = a as number | string;
      const y = b as number | string;
      return n.op === '<' ? x < y : n.op === '>' ? x > y : n.op === '<=' ? x <= y : x >= y;
    }
  }
}

/** A parsed rule set: `allows('write', auth, resource)`. */
export interface StorageRules {
  allows(op: 'read' | 'write', auth: RuleAuth, resource: RuleResource): boolean;
}

/**
 * Compiles a rules object as deployed (`{ read?, write? }`; null or `{}` = CloudBase's default,
 * clients may do nothing).
 * @throws Error with a Chinese message naming the bad expression
 */
export function compileStorageRules(rules: unknown): StorageRules {
  const compiled: Partial<Record<'read' | 'write', Node>> = {};
  if (rules !== null && rules !== undefined) {
    if (typeof rules !== 'object' || Array.isArray(rules)) throw new Error('存储安全规则必须是 JSON 对象 { read, write }');
    for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
      if (key !== 'read' && key !== 'write') throw new Error(`存储安全规则只有 read 和 write，未知的键：${key}`);
      if (typeof value === 'boolean') compiled[key] = { t: 'lit', v: value };
      else if (typeof value === 'string') compiled[key] = parse(value);
      else throw new Error(`存储安全规则 ${key} 应为布尔值或表达式字符串`);
    }
  }
  return {
    allows: (op, auth, resource) => {
      const node = compiled[op];
      return node !== undefined && evaluate(node, { auth, resource }) === true;
    },
  };
}
