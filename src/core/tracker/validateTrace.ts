import { UdeskValidationError } from '../errors';
import { isPlainObject as isObject } from '../isPlainObject';
import { isString } from '../isString';
import type { RuleKind } from '../ruleKind';
import type { TraceData, TraceType } from './types';

// Field rules as data, from Udesk's tables: `name:kind` (kind `string` when left out), `!` after
// the name when required. A `list` holds objects with the rules under the field's own name.
const RULES: Record<string, string> = {
  product: 'name! url imgUrl params:list',
  params: 'text color:colour fold:boolean break:boolean size:number',
  order:
    'order_no! name! price!:number order_at!:date status!:orderStatus url pay_at:date remark:remark consignee_name ' +
    'consignee_phone consignee_address commodit_num:stringOrNumber commodities:list',
  commodities: 'commodit_name commodit_no commodit_count:number commodit_fee:stringOrNumber',
};

interface FieldRule {
  name: string;
  kind: RuleKind;
  required: boolean;
}

// Parsed once at load, not on every trace: each object's field rules and field names.
const FIELDS: Record<string, FieldRule[]> = {};
const NAMES: Record<string, string[]> = {};
for (const rules of Object.keys(RULES)) {
  FIELDS[rules] = RULES[rules].split(' ').map((field) => {
    const [name, kind = 'string'] = field.split(':');
    const required = name.slice(-1) === '!';
    return { name: required ? name.slice(0, -1) : name, kind: kind as RuleKind, required };
  });
  NAMES[rules] = FIELDS[rules].map((f) => f.name);
}
const listOf = (name: string) => 'an array of { ' + NAMES[name].join(', ') + ' }';
const MESSAGES: Partial<Record<RuleKind | 'params' | 'commodities', string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  date: 'a Date or a timestamp in ms',
  colour: 'a hex colour such as #ff0000',
  stringOrNumber: 'a string or a number',
  remark: 'a string of at most 1000 bytes' + (process.env.NODE_ENV !== 'production' ? ' (2 per Chinese character)' : ''),
  orderStatus: 'one of wait_pay, paid, closed',
  params: listOf('params'),
  commodities: listOf('commodities'),
};

/** Udesk counts remark bytes as 1 per ASCII character and 2 per other (Chinese) character. */
const remarkBytes = (s: string) => s.length + (s.match(/[^\0-\x7f]/g) || []).length;

const isNumber = (v: unknown): v is number => typeof v === 'number' && isFinite(v);

/** A Date's own time, read past any override on a subclass; NaN for anything else. */
const timeOf = (v: unknown): number => {
  try {
    return Date.prototype.getTime.call(v);
  } catch {
    return NaN;
  }
};

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
  for (const { name, kind, required } of FIELDS[rules]) {
    const at = path + '.' + name;
    const message = kind === 'list' ? MESSAGES[name as 'params'] : required && kind === 'string' ? 'a non-empty string' : MESSAGES[kind];
    // `size` (of a product's params) is the only field with a default: Udesk's 12.
    let v = data[name] == null && name === 'size' ? 12 : data[name];
    if (v == null) {
      if (required) fail(at, 'is required: ' + message);
      continue;
    }
    // A date is copied, as a plain Date: a later change to the caller's object, or a subclass's
    // own toJSON, cannot reach the queued event.
    if (kind === 'date') v = new Date(isNumber(v) ? v : timeOf(v));
    // A single params object is taken as a one-item list.
    if (kind === 'list' && name === 'params' && isObject(v)) v = [v];
    let ok: boolean;
    if (kind === 'string') ok = isString(v) && (!required || v !== '');
    else if (kind === 'number') ok = isNumber(v);
    else if (kind === 'boolean') ok = typeof v === 'boolean';
    else if (kind === 'date') ok = !isNaN((v as Date).getTime());
    else if (kind === 'colour') ok = isString(v) && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v);
    else if (kind === 'stringOrNumber') ok = isString(v) || isNumber(v);
    else if (kind === 'remark') ok = isString(v) && remarkBytes(v) <= 1000;
    else if (kind === 'orderStatus') ok = v === 'wait_pay' || v === 'paid' || v === 'closed';
    else {
      ok = Array.isArray(v);
      if (ok) v = (v as unknown[]).map((item, i) => check(item, name, `${at}[${i}]`));
    }
    if (!ok) fail(at, 'must be ' + message);
    out[name] = v;
  }
  return out;
}

/**
 * Checks trace data against Udesk's tables and returns it normalised (dates as new Dates,
 * a params object as a one-item list, the default font size filled). Throws
 * `UdeskValidationError` naming the field.
 */
export function validateTrace<T extends TraceType>(type: T, data: TraceData[T]): Record<string, unknown> {
  if (type !== 'product' && type !== 'order') {
    throw new UdeskValidationError('type', `unknown trace type "${String(type)}"; use "product" or "order"`);
  }
  return check(data, type, type);
}
