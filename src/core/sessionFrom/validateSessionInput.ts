import { UdeskValidationError } from '../errors';
import { DEV } from '../isDevelopment';
import { isPlainObject } from '../isPlainObject';

/** One valid field: its path parts (`['customer', 'custom_fields', 'TextField_1']`) and normalised value. */
export type SessionLeaf = [parts: string[], value: unknown];

export interface ValidatedSession {
  /** The valid, normalised input, keys most useful first: what is written when it all fits. */
  session: NormalisedSession;
  /** The same fields one by one, most useful first: what trimming keeps or leaves out. */
  leaves: SessionLeaf[];
  /** One error per invalid field; invalid fields are not in `session`. */
  errors: UdeskValidationError[];
}

export type NormalisedSession = Record<string, unknown> & {
  nickName?: string;
  avatar?: string;
  customer?: Record<string, unknown>;
  note?: Record<string, unknown>;
  unionid?: string;
};

// Every field, most useful first: this one list is the output's key order and, reversed, the
// trim order, so both stay fixed and agree. Kinds (after `:`, default s string): n numeric id,
// e e-mail, t tags, p cellphones pairs, o other_emails pairs, c custom fields, u unionid.
const FIELDS = (
  'customer.customer_name unionid:u customer.customer_token customer.email:e customer.cellphones:p note.title ' +
  'nickName customer.nick_name customer.avatar avatar customer.organization_id:n customer.owner_id:n ' +
  'customer.owner_group_id:n customer.level customer.generated_channel customer.tags:t customer.ip ' +
  'customer.other_emails:o customer.custom_fields:c note.custom_fields:c customer.description'
)
  .split(' ')
  .map((field): [path: string, kind: string, parts: string[]] => {
    const [path, kind = ''] = field.split(':');
    return [path, kind, path.split('.')];
  });

/** Field paths, least useful first: what is left out first when a value is over budget. `*`: from the highest field id down. */
export const TRIM_ORDER: readonly string[] = FIELDS.map(([path, kind]) => (kind === 'c' ? path + '.*' : path)).reverse();

/** The valid names at the top (`''`), in `customer` and in `note`. */
const NAMES: Record<string, string[]> = { '': [] };
for (const [, , [top, inner]] of FIELDS) {
  if (NAMES[''].indexOf(top) < 0) NAMES[''].push(top);
  if (inner) (NAMES[top] = NAMES[top] || []).push(inner);
}
/** Udesk's 16 customer fields, most useful first. */
export const CUSTOMER_KEYS = NAMES.customer;
export const NOTE_KEYS = NAMES.note;

// What each kind must be; in development, with how (production bundles drop the explanations).
const PAIRS = (v: string) => `[[id, ${v}]] pairs` + (DEV ? ` or { id?, ${v} } objects; id "", null, string or number` : '');
const RULES: Record<string, string> = {
  '': 'a string',
  n: 'a numeric id' + (DEV ? ' (a whole number or digits)' : ''),
  e: 'an e-mail address',
  t: 'tags' + (DEV ? ': a comma-separated string or an array of strings without commas' : ''),
  p: PAIRS('cellphone'),
  o: PAIRS('other_email') + (DEV ? ', e-mail addresses' : ''),
  c: 'an object' + (DEV ? ' of TextField_<n> and SelectField_<n>' : ''),
  u: 'a WeChat unionid' + (DEV ? ': 20 to 40 of A-Z a-z 0-9 _ -' : ''),
  T: 'named TextField_<n> or SelectField_<n>' + (DEV ? ', n the field id in Udesk' : ''),
  S: 'option indexes as strings' + (DEV ? ', e.g. ["0"]' : ''),
  O: 'an object',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const DIGITS = /^\d+$/;
// What a string of each scalar kind must match. WeChat unionids are 28 characters of this
// alphabet: a little slack on length, none on the alphabet.
const SCALAR: Record<string, RegExp> = { '': /(?:)/, e: EMAIL, n: DIGITS, u: /^[\w-]{20,40}$/ };
const CUSTOM_FIELD = /^(?:(Text)|Select)Field_(\d+)$/;

const isString = (v: unknown): v is string => typeof v === 'string';

/** The normalised value of a field of this kind, or undefined when it breaks the kind's rule. */
function normalise(kind: string, v: unknown): unknown {
  const re = SCALAR[kind];
  // A numeric id may be a number: checked as its decimal digits (so no fraction, sign or exponent).
  const text = kind === 'n' && typeof v === 'number' ? '' + v : v;
  if (re) return isString(text) && re.test(text) ? v : undefined;
  if (isString(v) && kind === 't') return v;
  if (!Array.isArray(v)) return;
  if (kind === 't') return v.every((t) => isString(t) && t.indexOf(',') < 0) ? v.join() : undefined;
  // p / o: [[id, value]] pairs, or friendly { id?, cellphone | other_email } objects.
  const pairs = v.map((item) =>
    isPlainObject(item) ? [item.id === undefined ? '' : item.id, item[kind === 'p' ? 'cellphone' : 'other_email']] : item,
  );
  return pairs.every(
    (pair) =>
      Array.isArray(pair) &&
      pair.length === 2 &&
      (pair[0] === null || isString(pair[0]) || Number.isFinite(pair[0])) &&
      isString(pair[1]) &&
      (kind === 'p' ? pair[1] : EMAIL.test(pair[1])),
  )
    ? pairs
    : undefined;
}

/** TextField before SelectField, then by field id: the most useful first, and equal content gives equal output. */
const customFieldOrder = (name: string) => {
  const m = CUSTOM_FIELD.exec(name);
  return m ? (m[1] ? 0 : 1e9) + +m[2] : 2e9;
};

/** Sets `value` at `parts` in `root`, making the objects on the way. */
export const setPath = (root: Record<string, unknown>, parts: string[], value: unknown): unknown =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  parts.reduce((node: any, key, i) => (node[key] = i < parts.length - 1 ? node[key] || {} : value), root);

/**
 * Checks a session-from input against Udesk's tables and normalises it (tags joined, friendly
 * phone/e-mail objects turned into `[id, value]` pairs, custom fields sorted). Collects every
 * problem instead of stopping at the first, so a component can leave out only the bad fields.
 * Empty strings and null count as absent.
 */
export function validateSessionInput(input: unknown): ValidatedSession {
  const errors: UdeskValidationError[] = [];
  const session: NormalisedSession = {};
  const leaves: SessionLeaf[] = [];
  const fail = (path: string, rule: string) => {
    errors.push(new UdeskValidationError(path, rule[1] ? rule : 'must be ' + RULES[rule]));
  };
  const keep = (parts: string[], value: unknown) => {
    if (value === '') return;
    leaves.push([parts, value]);
    setPath(session, parts, value);
  };
  // The objects holding fields: the input itself (''), its customer and its note.
  const objects: Record<string, Record<string, unknown>> = {};
  for (const at of Object.keys(NAMES)) {
    const obj = at ? objects[''] && objects[''][at] : input;
    if (obj == null || obj === '') continue;
    if (!isPlainObject(obj)) fail(at || 'input', 'O');
    else {
      objects[at] = obj;
      for (const key of Object.keys(obj)) {
        if (NAMES[at].indexOf(key) < 0 && obj[key] !== undefined) {
          fail(at ? at + '.' + key : key, 'unknown field; valid fields are ' + NAMES[at].join(', '));
        }
      }
    }
  }
  for (const [path, kind, parts] of FIELDS) {
    const obj = objects[parts[1] ? parts[0] : ''];
    const v = obj && obj[parts[parts.length - 1]];
    if (v == null || v === '') continue;
    if (kind !== 'c') {
      const value = normalise(kind, v);
      if (value === undefined) fail(path, kind);
      else keep(parts, value);
    } else if (!isPlainObject(v)) fail(path, kind);
    else {
      const names = Object.keys(v).sort((a, b) => customFieldOrder(a) - customFieldOrder(b) || (a < b ? -1 : 1));
      for (const name of names) {
        const x = v[name];
        const m = CUSTOM_FIELD.exec(name);
        if (x == null || x === '') continue;
        // TextField_<n>: a string; SelectField_<n>: option indexes as strings.
        if (m && (m[1] ? isString(x) : Array.isArray(x) && x.every((i) => isString(i) && DIGITS.test(i)))) keep(parts.concat(name), x);
        else fail(path + '.' + name, !m ? 'T' : m[1] ? '' : 'S');
      }
    }
  }
  return { session, leaves, errors };
}
