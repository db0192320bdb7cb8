import { UdeskValidationError } from '../errors';
import { isPlainObject } from '../isPlainObject';
import { isString } from '../isString';
import type { RuleKind } from '../ruleKind';
import { UNIONID, UNIONID_RULE } from './unionid';

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
// trim order, so both stay fixed and agree. `path:kind`, kind `string` when left out.
interface SessionField {
  path: string;
  kind: RuleKind;
  parts: string[];
  /** Where the field lives: the input itself (''), its customer or its note. */
  scope: Scope;
  /** The scope's index in SCOPES: per-call tallies are arrays, cheaper than objects on every render. */
  place: number;
  /** Its own name, the last part of the path. */
  key: string;
}
type Scope = '' | 'customer' | 'note';

const SCOPES: Scope[] = ['', 'customer', 'note'];

const FIELDS: SessionField[] = (
  'customer.customer_name unionid:unionid customer.customer_token customer.email:email customer.cellphones:cellphones ' +
  'note.title nickName customer.nick_name customer.avatar avatar customer.organization_id:numericId ' +
  'customer.owner_id:numericId customer.owner_group_id:numericId customer.level customer.generated_channel ' +
  'customer.tags:tags customer.ip customer.other_emails:otherEmails customer.custom_fields:customFields ' +
  'note.custom_fields:customFields customer.description'
)
  .split(' ')
  .map((field) => {
    const [path, kind = 'string'] = field.split(':');
    const parts = path.split('.');
    const scope = (parts[1] ? parts[0] : '') as Scope;
    return { path, kind: kind as RuleKind, parts, scope, place: SCOPES.indexOf(scope), key: parts[parts.length - 1] };
  });

/** Field paths, least useful first: what is left out first when a value is over budget. `*`: from the highest field id down. */
const trimOrder = FIELDS.map((f) => (f.kind === 'customFields' ? f.path + '.*' : f.path)).reverse();
// `trajectory`: the trajectory link (composeSessionFrom's `trajectory` option), the last thing left out before identity.
trimOrder.splice(trimOrder.length - 3, 0, 'trajectory');
export const TRIM_ORDER: readonly string[] = trimOrder;

/** The valid names at the top (`''`), in `customer` and in `note`, as sets for a hash lookup. */
const NAMES: Record<Scope, Record<string, 1>> = { '': {}, customer: {}, note: {} };
for (const { parts } of FIELDS) {
  NAMES[''][parts[0]] = 1;
  if (parts[1]) NAMES[parts[0] as Scope][parts[1]] = 1;
}
/** Udesk's 16 customer fields, most useful first. */
export const CUSTOMER_KEYS = Object.keys(NAMES.customer);
export const NOTE_KEYS = Object.keys(NAMES.note);
/** More custom fields than a 1,000-byte value could ever hold are refused whole. */
const MAX_CUSTOM_FIELDS = 100;

// What each kind must be; in development, with how (production bundles drop the explanations).
const PAIRS = (v: string) =>
  `[[id, ${v}]] pairs` + (process.env.NODE_ENV !== 'production' ? ` or { id?, ${v} } objects; id "", null, string or number` : '');
const RULES: Partial<Record<RuleKind, string>> = {
  string: 'a string',
  numericId: 'a numeric id' + (process.env.NODE_ENV !== 'production' ? ' (a whole number or digits)' : ''),
  email: 'an e-mail address',
  tags: 'tags' + (process.env.NODE_ENV !== 'production' ? ': a comma-separated string or an array of strings without commas' : ''),
  cellphones: PAIRS('cellphone'),
  otherEmails: PAIRS('other_email') + (process.env.NODE_ENV !== 'production' ? ', e-mail addresses' : ''),
  customFields: 'an object' + (process.env.NODE_ENV !== 'production' ? ' of TextField_<n> and SelectField_<n>' : ''),
  unionid: UNIONID_RULE,
  customFieldName: 'named TextField_<n> or SelectField_<n>' + (process.env.NODE_ENV !== 'production' ? ', n the field id in Udesk' : ''),
  selectOptions: 'option indexes as strings' + (process.env.NODE_ENV !== 'production' ? ', e.g. ["0"]' : ''),
  object: 'an object',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const DIGITS = /^\d+$/;
// What a string of each scalar kind must match.
const SCALAR: Partial<Record<RuleKind, RegExp>> = { email: EMAIL, numericId: DIGITS, unionid: UNIONID };
const CUSTOM_FIELD = /^(?:(Text)|Select)Field_(\d+)$/;

const HAS = Object.prototype.hasOwnProperty;

/** The normalised value of a field of this kind, or undefined when it breaks the kind's rule. */
function normalise(kind: RuleKind, v: unknown): unknown {
  if (kind === 'string') return isString(v) ? v : undefined; // most fields: a plain string
  const re = SCALAR[kind];
  // A numeric id may be a number: checked as its decimal digits (so no fraction, sign or exponent).
  const text = kind === 'numericId' && typeof v === 'number' ? '' + v : v;
  if (re) return isString(text) && re.test(text) ? v : undefined;
  if (isString(v) && kind === 'tags') return v;
  if (!Array.isArray(v)) return;
  if (kind === 'tags') return v.every((t) => isString(t) && t.indexOf(',') < 0) ? v.join() : undefined;
  // Cellphones, other e-mails: [[id, value]] pairs, or friendly { id?, cellphone | other_email }
  // objects. Always new pairs in a new list: a toJSON of the caller's arrays cannot reach the value.
  const pairs = plainCopy(v).map((item) =>
    isPlainObject(item) ? [item.id === undefined ? '' : item.id, item[kind === 'cellphones' ? 'cellphone' : 'other_email']] : item,
  );
  const ok = pairs.every(
    (pair) =>
      Array.isArray(pair) &&
      pair.length === 2 &&
      (pair[0] === null || isString(pair[0]) || Number.isFinite(pair[0])) &&
      isString(pair[1]) &&
      (kind === 'cellphones' ? pair[1] : EMAIL.test(pair[1])),
  );
  return ok ? (pairs as unknown[][]).map((pair) => [pair[0], pair[1]]) : undefined;
}

/** The items of a list in a new plain array (not the caller's, nor of its subclass). */
const plainCopy = (list: unknown[]): unknown[] => {
  const copy: unknown[] = [];
  for (let i = 0; i < list.length; i++) copy.push(list[i]);
  return copy;
};

/** `holder[key]`, or `reading` when a getter throws (reported as the field being invalid). */
const reading = {};
const read = (holder: Record<string, unknown> | undefined, key: string): unknown => {
  try {
    return holder && holder[key];
  } catch {
    return reading;
  }
};

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
  for (const { kind, parts, scope, key } of FIELDS) {
    const holder = (scope ? session[scope] : session) as Record<string, unknown> | undefined;
    const v = holder && holder[key];
    if (v === undefined) continue;
    if (kind !== 'customFields') leaves.push([parts, v]);
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
  const fail = (path: string, kind: RuleKind) => {
    errors.push(new UdeskValidationError(path, 'must be ' + RULES[kind]));
  };
  const failWith = (path: string, rule: string) => {
    errors.push(new UdeskValidationError(path, rule));
  };
  // By scope (the input itself, its customer, its note): the given object, the valid fields
  // found in it, and how many of its keys are known fields.
  const given: Array<Record<string, unknown> | undefined> = [];
  const outs: Array<Record<string, unknown>> = [{}, {}, {}];
  const found = [0, 0, 0];
  const known = [0, 0, 0];
  for (let place = 0; place < SCOPES.length; place++) {
    const scope = SCOPES[place];
    const obj = scope ? read(given[0], scope) : input;
    if (obj == null || obj === '') continue;
    if (isPlainObject(obj) && obj !== reading) given[place] = obj;
    else fail(scope || 'input', 'object');
  }
  for (const field of FIELDS) {
    const { path, kind, key, place } = field;
    const holder = given[place];
    let v: unknown;
    // Inline rather than read(): this loop runs on every render.
    try {
      v = holder && holder[key];
    } catch {
      v = reading;
    }
    if (v !== undefined) known[place]++;
    if (v == null || v === '') continue;
    let value: unknown;
    if (v === reading) fail(path, kind);
    else if (kind !== 'customFields') {
      value = normalise(kind, v);
      if (value === undefined) fail(path, kind);
    } else if (!isPlainObject(v)) fail(path, kind);
    else {
      const custom: Record<string, unknown> = {};
      const names = Object.keys(v);
      if (names.length > MAX_CUSTOM_FIELDS) {
        failWith(path, `must have at most ${MAX_CUSTOM_FIELDS} fields`);
        continue;
      }
      if (names.length > 1) names.sort((a, b) => customFieldOrder(a) - customFieldOrder(b) || (a < b ? -1 : 1));
      for (const name of names) {
        const x = read(v, name);
        const m = CUSTOM_FIELD.exec(name);
        if (x == null || x === '') continue;
        const isText = !!(m && m[1]);
        // TextField_<n>: a string; SelectField_<n>: option indexes as strings, copied into a new list.
        if (m && (isText ? isString(x) : Array.isArray(x) && x.every((d) => isString(d) && DIGITS.test(d)))) {
          value = custom[name] = isText ? x : plainCopy(x as unknown[]);
        } else fail(path + '.' + name, !m ? 'customFieldName' : isText ? 'string' : 'selectOptions');
      }
      if (value) value = custom;
    }
    if (value !== undefined && value !== '') {
      outs[place][key] = value;
      found[place]++;
    }
  }
  const session: NormalisedSession = outs[0];
  if (found[1]) session.customer = outs[1];
  if (found[2]) session.note = outs[2];
  // Unknown keys: only looked for where there are more keys than known ones defined.
  for (let place = 0; place < SCOPES.length; place++) {
    const scope = SCOPES[place];
    const obj = given[place];
    const keys = obj ? Object.keys(obj) : [];
    if (keys.length <= known[place]) continue;
    for (const key of keys) {
      if (!HAS.call(NAMES[scope], key) && read(obj, key) !== undefined) {
        failWith(scope ? scope + '.' + key : key, 'unknown field; valid fields are ' + Object.keys(NAMES[scope]).join(', '));
      }
    }
  }
  return { session, errors };
}
