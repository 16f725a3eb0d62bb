/**
 * Wire codec. node-sdk sends query, data, order, projection and pipeline stages as canonical
 * EJSON strings and expects every returned document as a canonical EJSON string (reference
 * §4.7). Inside the stand-in documents are plain JavaScript values (numbers, strings, Date,
 * RegExp, arrays, objects; other BSON types such as ObjectId stay as `bson` instances).
 */
import { BSONRegExp, EJSON } from 'bson';

/** A stored document. `_id` is always present once stored. */
export type Doc = Record<string, unknown>;

const SERVER_DATE = '$tcb_server_date';

/**
 * Parses one EJSON string from the wire into internal values.
 *
 * @param text canonical or relaxed EJSON text
 * @param nowMs the stand-in clock, in ms since epoch, used to resolve `$tcb_server_date`
 *   (`{ $tcb_server_date: { offset } }` becomes `new Date(nowMs + offset)`, offset in ms)
 * @returns the decoded value; `$regularExpression` becomes a JavaScript RegExp
 * @throws SyntaxError when the text is not valid (E)JSON
 */
export function decodeWire(text: string, nowMs: number): any {
  const value = EJSON.parse(text, { relaxed: true });
  // The walk only matters when one of the two special forms is present; skip it otherwise.
  if (text.includes('$regularExpression') || text.includes(SERVER_DATE) || text.includes('$regex')) {
    return resolveSpecial(value, nowMs);
  }
  return value;
}

/**
 * Converts a relaxed/canonical EJSON object tree (not a string) into internal values, e.g. for
 * admin imports. Same conversions as {@link decodeWire}.
 */
export function decodeEjsonObject(value: unknown, nowMs: number): any {
  return resolveSpecial(EJSON.deserialize(value as any, { relaxed: true }), nowMs);
}

/**
 * Encodes an internal value as canonical EJSON text (what CloudBase returns).
 *
 * @param value a document or any value
 * @returns canonical EJSON (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"0"}}`, …)
 */
export function encodeWire(value: unknown): string {
  return EJSON.stringify(value as any, { relaxed: false });
}

/** Encodes a document as a relaxed EJSON object tree for admin export (readable dates). */
export function encodeExport(doc: Doc): unknown {
  return EJSON.serialize(doc, { relaxed: true });
}

/**
 * Builds a JavaScript RegExp from a BSON pattern and options. MongoDB matches with PCRE in
 * UTF-8 mode, so `.` matches one code point; the `u` flag gives JavaScript the same behaviour
 * for characters outside the Basic Multilingual Plane (e.g. 𠮷). Patterns that are invalid
 * under `u` (such as needless escapes) fall back to a plain RegExp.
 *
 * @param pattern regular expression source
 * @param options BSON options; `i`, `m`, `s` are kept, `x` strips unescaped whitespace and
 *   `#` comments, `l` and `u` are ignored
 * @throws SyntaxError when the pattern is not a valid regular expression at all
 */
export function toJsRegExp(pattern: string, options: string): RegExp {
  let source = pattern;
  if (options.includes('x')) source = stripExtended(source);
  const flags = [...new Set(options.split('').filter((f) => f === 'i' || f === 'm' || f === 's'))].join('');
  try {
    return new RegExp(source, `${flags}u`);
  } catch {
    return new RegExp(source, flags);
  }
}

function stripExtended(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i += 1;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (ch === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

function resolveSpecial(value: any, nowMs: number): any {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof BSONRegExp) return toJsRegExp(value.pattern, value.options);
  if (value instanceof RegExp || value instanceof Date) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = resolveSpecial(value[i], nowMs);
    return value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // other BSON types
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === SERVER_DATE) {
    const offset = Number((value[SERVER_DATE] as { offset?: unknown } | null)?.offset ?? 0);
    return new Date(nowMs + (Number.isFinite(offset) ? offset : 0));
  }
  // `{ $regex: 'a', $options: 'i' }` with a string pattern: compile it the same way.
  if (typeof value.$regex === 'string') {
    value.$regex = toJsRegExp(value.$regex, typeof value.$options === 'string' ? value.$options : '');
    delete value.$options;
  }
  for (const k of keys) value[k] = resolveSpecial(value[k], nowMs);
  return value;
}

/**
 * Deep-copies plain objects, arrays and Dates; other values (primitives, RegExp, BSON types)
 * are immutable in practice and are shared. Object fields whose value is `undefined` are
 * dropped, as node-sdk drops them before sending (so memory matches what is stored).
 */
export function cloneValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneValue) as unknown as T;
  if (value instanceof Date) return new Date(value.getTime()) as unknown as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value as object)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = cloneValue(v);
  }
  return out as T;
}
