import { UdeskValidationError } from '../errors';
import { isPlainObject as isObject } from '../isPlainObject';
import type { TraceData, TraceType } from './types';

// Field rules as data, from Udesk's tables. Kinds: S string (required), s string, N number
// (required), B boolean, D date (required), d date, c hex colour, n number, i string or number,
// r remark (<= 1000 bytes, 2 per Chinese character), t order status.
type Rules = Record<string, string>;
const PRODUCT: Rules = { name: 'S', url: 's', imgUrl: 's', params: 'P' };
const PARAM: Rules = { text: 's', color: 'c', fold: 'B', break: 'B', size: 'n' };
const ORDER: Rules = {
  order_no: 'S', name: 'S', price: 'N', order_at: 'D', status: 't', url: 's', pay_at: 'd', remark: 'r',
  consignee_name: 's', consignee_phone: 's', consignee_address: 's', commodit_num: 'i', commodities: 'C',
};
const COMMODITY: Rules = { commodit_name: 's', commodit_no: 's', commodit_count: 'n', commodit_fee: 'i' };
const STATUSES = ['wait_pay', 'paid', 'closed'];
const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

const MESSAGES: Record<string, string> = {
  S: 'is required: a non-empty string',
  s: 'must be a string',
  N: 'is required: a number',
  n: 'must be a number',
  B: 'must be true or false',
  D: 'is required: a Date or a timestamp in ms',
  d: 'must be a Date or a timestamp in ms',
  c: 'must be a hex colour such as #ff0000',
  i: 'must be a string or a number',
  r: 'must be a string of at most 1000 bytes (2 per Chinese character)',
  t: `must be one of ${STATUSES.join(', ')}`,
  P: 'must be an array of { text, color, fold, break, size }',
  C: 'must be an array of { commodit_name, commodit_no, commodit_count, commodit_fee }',
};

/** Udesk counts remark bytes as 1 per ASCII character and 2 per other (Chinese) character. */
const remarkBytes = (s: string) => s.length + (s.match(/[^\0-\x7f]/g) || []).length;

const isNumber = (v: unknown): v is number => typeof v === 'number' && isFinite(v);
const toDate = (v: unknown) => (v instanceof Date ? v : isNumber(v) ? new Date(v) : undefined);

function check(obj: unknown, rules: Rules, path: string): Record<string, unknown> {
  if (!isObject(obj)) throw new UdeskValidationError(path, 'must be an object');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (!rules[key] && obj[key] !== undefined) {
      throw new UdeskValidationError(`${path}.${key}`, `unknown field; valid fields are ${Object.keys(rules).join(', ')}`);
    }
  }
  for (const key of Object.keys(rules)) {
    const kind = rules[key];
    const v = obj[key];
    const at = `${path}.${key}`;
    if (v == null) {
      if (kind === 'S' || kind === 'N' || kind === 'D' || kind === 't') throw new UdeskValidationError(at, MESSAGES[kind]);
      continue;
    }
    let value: unknown = v;
    let ok: boolean;
    if (kind === 'S') ok = typeof v === 'string' && v !== '';
    else if (kind === 's') ok = typeof v === 'string';
    else if (kind === 'N' || kind === 'n') ok = isNumber(v);
    else if (kind === 'B') ok = typeof v === 'boolean';
    else if (kind === 'c') ok = typeof v === 'string' && HEX.test(v);
    else if (kind === 'i') ok = typeof v === 'string' || isNumber(v);
    else if (kind === 'r') ok = typeof v === 'string' && remarkBytes(v) <= 1000;
    else if (kind === 't') ok = STATUSES.indexOf(v as string) >= 0;
    else if (kind === 'D' || kind === 'd') {
      value = toDate(v);
      ok = !!value && !isNaN((value as Date).getTime());
    } else {
      // P / C: arrays of objects with their own rules (a single params object is taken as one)
      const items = kind === 'P' && isObject(v) ? [v] : v;
      ok = Array.isArray(items);
      if (ok) value = (items as unknown[]).map((item, i) => check(item, kind === 'P' ? PARAM : COMMODITY, `${at}[${i}]`));
    }
    if (!ok) throw new UdeskValidationError(at, MESSAGES[kind]);
    out[key] = value;
  }
  return out;
}

/**
 * Checks trace data against Udesk's tables and returns it normalised (timestamps as Dates,
 * a params object as a one-item array). Throws `UdeskValidationError` naming the field.
 */
export function validateTrace<T extends TraceType>(type: T, data: TraceData[T]): Record<string, unknown> {
  if (type === 'product') {
    const out = check(data, PRODUCT, 'product');
    if (out.params) for (const p of out.params as Array<Record<string, unknown>>) if (p.size === undefined) p.size = 12;
    return out;
  }
  if (type === 'order') return check(data, ORDER, 'order');
  throw new UdeskValidationError('type', `unknown trace type "${String(type)}"; use "product" or "order"`);
}
