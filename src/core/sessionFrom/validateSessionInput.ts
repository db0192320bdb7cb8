import { UdeskValidationError } from '../errors';
import { DEV } from '../isDevelopment';
import { isPlainObject } from '../isPlainObject';
import { isString } from '../isString';

/** One valid field: its path parts (`['customer', 'custom_fields', 'TextField_1']`) and normalised value. */
export type SessionLeaf = [parts: string[], value: unknown];

export interface ValidatedSession {
  /** The valid, normalised input, keys most useful first: what is written when it all fits. */
  session: NormalisedSession;
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
  .map((field): [path: string, kind: string, parts: string[], scope: number, key: string] => {
    const [path, kind = ''] = field.split(':');
    const parts = path.split('.');
    // 0: a field of the input itself; 1: of its customer; 2: of its note (SCOPES below)
    return [path, kind, parts, parts[1] ? (parts[0] === 'note' ? 2 : 1) : 0, parts[parts.length - 1]];
  });

/** Field paths, least useful first: what is left out first when a value is over budget. `*`: from the highest field id down. */
export const TRIM_ORDER: readonly string[] = FIELDS.map(([path, kind]) => (kind === 'c' ? path + '.*' : path)).reverse();

/** The valid names at the top (`''`), in `customer` and in `note`, as sets for a hash lookup. */
const NAMES: Record<string, Record<string, 1>> = { '': {} };
for (const [, , [top, inner]] of FIELDS) {
  NAMES[''][top] = 1;
  if (inner) (NAMES[top] = NAMES[top] || {})[inner] = 1;
}
const SCOPES = ['', 'customer', 'note'];
/** Udesk's 16 customer fields, most useful first. */
export const CUSTOMER_KEYS = Object.keys(NAMES.customer);
export const NOTE_KEYS = Object.keys(NAMES.note);

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
const SCALAR: Record<string, RegExp> = { e: EMAIL, n: DIGITS, u: /^[\w-]{20,40}$/ };
const CUSTOM_FIELD = /^(?:(Text)|Select)Field_(\d+)$/;

const HAS = Object.prototype.hasOwnProperty;

/** The normalised value of a field of this kind, or undefined when it breaks the kind's rule. */
function normalise(kind: string, v: unknown): unknown {
  if (!kind) return isString(v) ? v : undefined; // most fields: a plain string
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
  const ok = pairs.every(
    (pair) =>
      Array.isArray(pair) &&
      pair.length === 2 &&
      (pair[0] === null || isString(pair[0]) || Number.isFinite(pair[0])) &&
      isString(pair[1]) &&
      (kind === 'p' ? pair[1] : EMAIL.test(pair[1])),
  );
  // Pairs given as pairs are passed on as given (JSON.stringify is faster on the original array).
  return ok ? (v.every(Array.isArray) ? v : pairs) : undefined;
}

/** TextField before SelectField, then by field id: the most useful first, and equal content gives equal output. */
const customFieldOrder = (name: string) => {
  const m = CUSTOM_FIELD.exec(name);
  return m ? (m[1] ? 0 : 1e9) + +m[2] : 2e9;
};

/** Sets `value` at `parts` in `root`, making the objects on the way. */
export const setPath = (root: Record<string, unknown>, parts: string[], value: unknown) => {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) node = (node[parts[i]] = node[parts[i]] || {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
};

/** The fields of a validated session one by one, most useful first: what trimming keeps or leaves out. */
export function leavesOf(session: NormalisedSession): SessionLeaf[] {
  const leaves: SessionLeaf[] = [];
  for (const [, kind, parts, scope, key] of FIELDS) {
    const holder = (scope ? session[SCOPES[scope]] : session) as Record<string, unknown> | undefined;
    const v = holder && holder[key];
    if (v === undefined) continue;
    if (kind !== 'c') leaves.push([parts, v]);
    else for (const name of Object.keys(v as object)) leaves.push([parts.concat(name), (v as Record<string, unknown>)[name]]);
  }
  return leaves;
}

/**
 * Checks a session-from input against Udesk's tables and normalises it (tags joined, friendly
 * phone/e-mail objects turned into `[id, value]` pairs, custom fields sorted). Collects every
 * problem instead of stopping at the first, so a component can leave out only the bad fields.
 * Empty strings and null count as absent.
 */
export function validateSessionInput(input: unknown): ValidatedSession {
  const errors: UdeskValidationError[] = [];
  // `rule`: a kind's one-letter key in RULES, or a whole rule of its own
  const fail = (path: string, rule: string) => {
    errors.push(new UdeskValidationError(path, rule.length > 1 ? rule : 'must be ' + RULES[rule]));
  };
  // By scope (the input itself, its customer, its note): the given object, the valid fields
  // found in it, and how many of its keys are known fields.
  const given: Array<Record<string, unknown> | undefined> = [];
  const outs: Array<Record<string, unknown>> = [{}, {}, {}];
  const found = [0, 0, 0];
  const known = [0, 0, 0];
  for (let scope = 0; scope < 3; scope++) {
    const at = SCOPES[scope];
    const obj = scope ? given[0] && given[0][at] : input;
    if (obj == null || obj === '') continue;
    if (isPlainObject(obj)) given[scope] = obj;
    else fail(at || 'input', 'O');
  }
  for (let i = 0; i < FIELDS.length; i++) {
    // Indexes, not destructuring: this loop runs on every render, and array destructuring iterates.
    const field = FIELDS[i];
    const path = field[0];
    const kind = field[1];
    const key = field[4];
    const scope = field[3];
    const obj = given[scope];
    const v = obj && obj[key];
    if (v !== undefined) known[scope]++;
    if (v == null || v === '') continue;
    let value: unknown;
    if (kind !== 'c') {
      value = normalise(kind, v);
      if (value === undefined) fail(path, kind);
    } else if (!isPlainObject(v)) fail(path, kind);
    else {
      const custom: Record<string, unknown> = {};
      const names = Object.keys(v);
      if (names.length > 1) names.sort((a, b) => customFieldOrder(a) - customFieldOrder(b) || (a < b ? -1 : 1));
      for (const name of names) {
        const x = v[name];
        const m = CUSTOM_FIELD.exec(name);
        if (x == null || x === '') continue;
        // TextField_<n>: a string; SelectField_<n>: option indexes as strings.
        if (m && (m[1] ? isString(x) : Array.isArray(x) && x.every((d) => isString(d) && DIGITS.test(d)))) value = custom[name] = x;
        else fail(path + '.' + name, !m ? 'T' : m[1] ? '' : 'S');
      }
      if (value) value = custom;
    }
    if (value !== undefined && value !== '') {
      outs[scope][key] = value;
      found[scope]++;
    }
  }
  const session: NormalisedSession = outs[0];
  if (found[1]) session.customer = outs[1];
  if (found[2]) session.note = outs[2];
  // Unknown keys: only looked for where there are more keys than known ones defined.
  given.forEach((obj, scope) => {
    const at = SCOPES[scope];
    const keys = Object.keys(obj!);
    if (keys.length > known[scope]) {
      for (const key of keys) {
        if (!HAS.call(NAMES[at], key) && obj![key] !== undefined) {
          fail(at ? at + '.' + key : key, 'unknown field; valid fields are ' + Object.keys(NAMES[at]).join(', '));
        }
      }
    }
  });
  return { session, errors };
}
