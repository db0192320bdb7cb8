import { UdeskValidationError } from '../errors';
import { DEV } from '../isDevelopment';
import { isPlainObject as isObject } from '../isPlainObject';
import { isString } from '../isString';
import type { TraceData, TraceType } from './types';

// Field rules as data, from Udesk's tables: `name:kind`, kind s (the default) string, n number,
// b boolean, d Date or ms timestamp, c hex colour, i string or number, r remark, t order
// status, l a list of objects with the rules under the field's own name. Upper case: required.
const RULES: Record<string, string> = {
  product: 'name:S url imgUrl params:l',
  params: 'text color:c fold:b break:b size:n',
  order:
    'order_no:S name:S price:N order_at:D status:T url pay_at:d remark:r consignee_name consignee_phone consignee_address commodit_num:i commodities:l',
  commodities: 'commodit_name commodit_no commodit_count:n commodit_fee:i',
};
// Parsed once at load, not on every trace: each object's [name, kind] pairs and its field names.
const FIELDS: Record<string, string[][]> = {};
const NAMES: Record<string, string[]> = {};
for (const rules of Object.keys(RULES)) {
  FIELDS[rules] = RULES[rules].split(' ').map((field) => field.split(':'));
  NAMES[rules] = FIELDS[rules].map((f) => f[0]);
}
const listOf = (name: string) => 'an array of { ' + NAMES[name].join(', ') + ' }';
const MESSAGES: Record<string, string> = {
  s: 'a string',
  S: 'a non-empty string',
  n: 'a number',
  b: 'true or false',
  d: 'a Date or a timestamp in ms',
  c: 'a hex colour such as #ff0000',
  i: 'a string or a number',
  r: 'a string of at most 1000 bytes' + (DEV ? ' (2 per Chinese character)' : ''),
  t: 'one of wait_pay, paid, closed',
  params: listOf('params'),
  commodities: listOf('commodities'),
};

/** Udesk counts remark bytes as 1 per ASCII character and 2 per other (Chinese) character. */
const remarkBytes = (s: string) => s.length + (s.match(/[^\0-\x7f]/g) || []).length;

const isNumber = (v: unknown): v is number => typeof v === 'number' && isFinite(v);

function check(obj: unknown, rules: string, path: string): Record<string, unknown> {
  const fail = (at: string, rule: string) => {
    throw new UdeskValidationError(at, rule);
  };
  if (!isObject(obj)) fail(path, 'must be an object');
  const names = NAMES[rules];
  const data = obj as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (names.indexOf(key) < 0 && data[key] !== undefined) fail(path + '.' + key, 'unknown field; valid fields are ' + names.join(', '));
  }
  const out: Record<string, unknown> = {};
  for (const [key, kind = 's'] of FIELDS[rules]) {
    const k = kind.toLowerCase();
    const required = k !== kind;
    const at = path + '.' + key;
    // `size` (of a product's params) is the only field with a default: Udesk's 12.
    let v = data[key] == null && key === 'size' ? 12 : data[key];
    if (v == null) {
      if (required) fail(at, 'is required: ' + MESSAGES[kind === 'S' ? kind : k]);
      continue;
    }
    if (k === 'd' && isNumber(v)) v = new Date(v);
    // A single params object is taken as a one-item list.
    if (k === 'l' && key === 'params' && isObject(v)) v = [v];
    const ok =
      k === 's' ? isString(v) && (!required || v !== '')
      : k === 'n' ? isNumber(v)
      : k === 'b' ? typeof v === 'boolean'
      : k === 'd' ? v instanceof Date && !isNaN(v.getTime())
      : k === 'c' ? isString(v) && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v)
      : k === 'i' ? isString(v) || isNumber(v)
      : k === 'r' ? isString(v) && remarkBytes(v) <= 1000
      : k === 't' ? v === 'wait_pay' || v === 'paid' || v === 'closed'
      : Array.isArray(v) && !!(v = v.map((item, i) => check(item, key, `${at}[${i}]`)));
    if (!ok) fail(at, 'must be ' + MESSAGES[k === 'l' ? key : kind === 'S' ? kind : k]);
    out[key] = v;
  }
  return out;
}

/**
 * Checks trace data against Udesk's tables and returns it normalised (timestamps as Dates,
 * a params object as a one-item list, the default font size filled). Throws
 * `UdeskValidationError` naming the field.
 */
export function validateTrace<T extends TraceType>(type: T, data: TraceData[T]): Record<string, unknown> {
  if (type !== 'product' && type !== 'order') {
    throw new UdeskValidationError('type', `unknown trace type "${String(type)}"; use "product" or "order"`);
  }
  return check(data, type, type);
}
