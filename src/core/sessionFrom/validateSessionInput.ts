import { UdeskValidationError } from '../errors';
import { isPlainObject } from '../isPlainObject';

export interface ValidatedSession {
  /** The valid, normalised input, keys in canonical order: what is written when it all fits. */
  session: NormalisedSession;
  /** One error per invalid field; invalid fields are not in `fields`. */
  errors: UdeskValidationError[];
}

export type NormalisedSession = Record<string, unknown> & {
  nickName?: string;
  avatar?: string;
  customer?: Record<string, unknown>;
  note?: Record<string, unknown>;
  unionid?: string;
};

type Schema = { [key: string]: string | Schema };

// The schema is data, not code, to keep the bundle small. Its key order is the output's: the
// customer's is Udesk's table order. Kinds: s string, n numeric id, e e-mail, t tags,
// p cellphones pairs, o other_emails pairs, c custom fields, u unionid.
const CUSTOM_FIELDS = 'c';
const SCHEMA: Schema = {
  nickName: 's',
  avatar: 's',
  customer: {
    customer_name: 's', nick_name: 's', avatar: 's', email: 'e', customer_token: 's', ip: 's',
    description: 's', organization_id: 'n', tags: 't', owner_id: 'n', owner_group_id: 'n',
    level: 's', cellphones: 'p', other_emails: 'o', custom_fields: CUSTOM_FIELDS, generated_channel: 's',
  },
  note: { title: 's', custom_fields: CUSTOM_FIELDS },
  unionid: 'u',
};
/** Udesk's 16 customer fields, in the order of its table. */
export const CUSTOMER_KEYS = Object.keys(SCHEMA.customer);
export const NOTE_KEYS = Object.keys(SCHEMA.note);

const PAIRS = (v: string) => `must be [[id, ${v}]] pairs or { id?, ${v} } objects; id "", null, string or number`;
const RULES: Record<string, string> = {
  s: 'must be a string',
  n: 'must be a numeric id (a whole number or digits)',
  e: 'must be an e-mail address',
  t: 'must be a comma-separated string or an array of strings without commas',
  p: PAIRS('cellphone'),
  o: PAIRS('other_email') + ', e-mail addresses',
  c: 'must be an object of TextField_<n> and SelectField_<n>',
  u: 'must be a WeChat unionid: 20 to 40 of A-Z a-z 0-9 _ -',
  T: 'names must look like TextField_<n> or SelectField_<n>, n the field id in Udesk',
  S: 'must be option indexes as strings, e.g. ["0"]',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const DIGITS = /^\d+$/;
/** WeChat unionids are 28 characters of this alphabet; a little slack on length, none on the alphabet. */
const UNIONID = /^[\w-]{20,40}$/;
const CUSTOM_FIELD = /^(Text|Select)Field_(\d+)$/;

const isString = (v: unknown): v is string => typeof v === 'string';

/** The normalised value of a field of this kind, or undefined when it breaks the kind's rule. */
function normalise(kind: string, v: unknown): unknown {
  if (kind === 's') return isString(v) ? v : undefined;
  if (kind === 'e') return isString(v) && EMAIL.test(v) ? v : undefined;
  if (kind === 'u') return isString(v) && UNIONID.test(v) ? v : undefined;
  if (kind === 'n') return (typeof v === 'number' ? Number.isInteger(v) && v >= 0 : isString(v) && DIGITS.test(v)) ? v : undefined;
  if (kind === 't') {
    return isString(v) ? v : Array.isArray(v) && v.every((t) => isString(t) && t.indexOf(',') < 0) ? v.join(',') : undefined;
  }
  // p / o: [[id, value]] pairs, or friendly { id?, cellphone | other_email } objects.
  if (!Array.isArray(v)) return undefined;
  let out: unknown[] = v; // already [[id, value]] pairs: used as they are, nothing allocated
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    const pair = Array.isArray(item)
      ? item
      : isPlainObject(item) ? [item.id === undefined ? '' : item.id, item[kind === 'p' ? 'cellphone' : 'other_email']] : [];
    const [id, value] = pair;
    const idOk = id === null || isString(id) || (typeof id === 'number' && isFinite(id));
    if (pair.length !== 2 || !idOk || !isString(value) || !value || (kind === 'o' && !EMAIL.test(value))) return undefined;
    if (pair !== item) {
      if (out === v) out = v.slice(0, i);
      out.push([id, value]);
    } else if (out !== v) out.push(item);
  }
  return out;
}

/** TextField before SelectField, then by field id, so equal content always gives equal output. */
const customFieldOrder = (name: string) => {
  const m = CUSTOM_FIELD.exec(name);
  return m ? (m[1] === 'Text' ? 0 : 1e9) + +m[2] : 2e9;
};

const HAS = Object.prototype.hasOwnProperty;

interface Compiled {
  /** The schema itself, for a hash lookup of each given key. */
  kinds: Schema;
  /** Per key: its kind or nested schema, and its path parts (shared, never mutated). */
  entries: Array<{ key: string; kind: string | Compiled; parts: string[] }>;
  /** `unknown field; valid fields are ...`, made once. */
  unknown: string;
}

// Compiled once at load: validation runs on every render, so it allocates as little as it can.
const compile = (schema: Schema, at: string[]): Compiled => {
  const keys = Object.keys(schema);
  return {
    kinds: schema,
    entries: keys.map((key) => {
      const kind = schema[key];
      const parts = at.concat(key);
      return { key, kind: isString(kind) ? kind : compile(kind, parts), parts };
    }),
    unknown: `unknown field; valid fields are ${keys.join(', ')}`,
  };
};
const COMPILED = compile(SCHEMA, []);

/**
 * Checks a session-from input against Udesk's tables and normalises it (tags joined, friendly
 * phone/e-mail objects turned into `[id, value]` pairs, custom fields sorted). Collects every
 * problem instead of stopping at the first, so a component can leave out only the bad fields.
 * Empty strings and null count as absent.
 */
export function validateSessionInput(input: unknown): ValidatedSession {
  const errors: UdeskValidationError[] = [];
  const fail = (parts: string[], rule: string) => {
    errors.push(new UdeskValidationError(parts.join('.') || 'input', rule));
  };
  // Copies the valid fields of `obj` into `out`; true when it copied any.
  const walk = (obj: unknown, schema: Compiled, at: string[], out: Record<string, unknown>): boolean => {
    let any = false;
    if (!isPlainObject(obj)) {
      fail(at, at.length ? 'must be an object' : 'must be an object { nickName?, avatar?, customer?, note?, unionid? }');
      return any;
    }
    let known = 0;
    for (let i = 0; i < schema.entries.length; i++) {
      const { key, kind, parts } = schema.entries[i];
      const v = obj[key];
      if (v !== undefined) known++;
      if (v == null || v === '') continue;
      if (!isString(kind)) {
        const child = {};
        if (walk(v, kind, parts, child)) {
          out[key] = child;
          any = true;
        }
      } else if (kind !== CUSTOM_FIELDS) {
        const value = normalise(kind, v);
        if (value === undefined) fail(parts, RULES[kind]);
        else if (value !== '') {
          out[key] = value;
          any = true;
        }
      } else if (!isPlainObject(v)) fail(parts, RULES.c);
      else {
        const names = Object.keys(v);
        if (names.length > 1) names.sort((a, b) => customFieldOrder(a) - customFieldOrder(b) || (a < b ? -1 : 1));
        const custom: Record<string, unknown> = {};
        let anyCustom = false;
        for (const name of names) {
          const value = v[name];
          const m = CUSTOM_FIELD.exec(name);
          const rule = !m
            ? RULES.T
            : m[1] === 'Text'
              ? !isString(value) && RULES.s
              : !(Array.isArray(value) && value.every((x) => isString(x) && DIGITS.test(x))) && RULES.S;
          if (value === undefined) continue;
          if (rule) fail(parts.concat(name), rule);
          else {
            custom[name] = value;
            anyCustom = true;
          }
        }
        if (anyCustom) {
          out[key] = custom;
          any = true;
        }
      }
    }
    // Unknown keys: only looked for when there are more keys than known ones defined.
    const given = Object.keys(obj);
    if (given.length > known) {
      for (const key of given) {
        if (!HAS.call(schema.kinds, key) && obj[key] !== undefined) fail(at.concat(key), schema.unknown);
      }
    }
    return any;
  };
  const session: NormalisedSession = {};
  if (input != null) walk(input, COMPILED, [], session);
  return { session, errors };
}
