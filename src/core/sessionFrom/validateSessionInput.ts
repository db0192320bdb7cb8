import { UdeskValidationError } from '../errors';

export type SessionSegment = 'nickName' | 'avatar' | 'customer' | 'note' | 'unionid';

/** One leaf of a validated, normalised session-from input: the unit that trimming leaves out. */
export interface SessionField {
  /** `nickName`, `customer.email`, `note.custom_fields.TextField_1`: as reported in `trimmed`. */
  path: string;
  segment: SessionSegment;
  /** The field inside `customer` or `note`. */
  key?: string;
  /** The custom field name, for `custom_fields` entries. */
  sub?: string;
  value: unknown;
}

export interface ValidatedSession {
  /** Valid fields in canonical order: the order they are written in. */
  fields: SessionField[];
  /** One error per invalid field; invalid fields are not in `fields`. */
  errors: UdeskValidationError[];
}

const INPUT_KEYS = ['nickName', 'avatar', 'customer', 'note', 'unionid'];
/** Udesk's customer table, in its order: the key order of the customer JSON. */
export const CUSTOMER_KEYS = [
  'customer_name', 'nick_name', 'avatar', 'email', 'customer_token', 'ip', 'description',
  'organization_id', 'tags', 'owner_id', 'owner_group_id', 'level', 'cellphones',
  'other_emails', 'custom_fields', 'generated_channel',
] as const;
export const NOTE_KEYS = ['title', 'custom_fields'] as const;

const STRING_KEYS = new Set(['customer_name', 'nick_name', 'avatar', 'customer_token', 'ip', 'description', 'level', 'generated_channel', 'title']);
const NUMERIC_KEYS = new Set(['organization_id', 'owner_id', 'owner_group_id']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const DIGITS = /^\d+$/;
/** WeChat unionids are 28 characters of this alphabet; a little slack on length, none on the alphabet. */
const UNIONID = /^[A-Za-z0-9_-]{20,40}$/;
const CUSTOM_FIELD = /^(TextField|SelectField)_(\d+)$/;

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const absent = (v: unknown) => v === undefined || v === null;

/**
 * Checks a session-from input against Udesk's tables and normalises it (tags joined, friendly
 * phone/e-mail objects turned into `[id, value]` pairs, custom fields sorted). Collects every
 * problem instead of stopping at the first, so a component can leave out only the bad fields.
 */
export function validateSessionInput(input: unknown): ValidatedSession {
  const fields: SessionField[] = [];
  const errors: UdeskValidationError[] = [];
  const fail = (path: string, rule: string) => {
    errors.push(new UdeskValidationError(path, rule));
  };
  if (absent(input)) return { fields, errors };
  if (!isPlainObject(input)) {
    fail('input', 'must be an object { nickName?, avatar?, customer?, note?, unionid? }');
    return { fields, errors };
  }
  for (const key in input) {
    if (INPUT_KEYS.indexOf(key) < 0 && input[key] !== undefined) {
      fail(key, `unknown field; valid fields are ${INPUT_KEYS.join(', ')}`);
    }
  }

  for (const slot of ['nickName', 'avatar'] as const) {
    const v = input[slot];
    if (absent(v) || v === '') continue;
    if (typeof v === 'string') fields.push({ path: slot, segment: slot, value: v });
    else fail(slot, 'must be a string');
  }

  const record = (segment: 'customer' | 'note', keys: readonly string[]) => {
    const obj = input[segment];
    if (absent(obj)) return;
    if (!isPlainObject(obj)) {
      fail(segment, 'must be an object');
      return;
    }
    for (const key in obj) {
      if (keys.indexOf(key) < 0 && obj[key] !== undefined) {
        fail(`${segment}.${key}`, `unknown field; valid fields are ${keys.join(', ')}`);
      }
    }
    for (const key of keys) {
      const v = obj[key];
      if (absent(v)) continue;
      const path = `${segment}.${key}`;
      if (key === 'custom_fields') {
        customFields(segment, path, v);
        continue;
      }
      const value = normaliseValue(key, path, v);
      if (value !== INVALID) fields.push({ path, segment, key, value });
    }
  };

  const customFields = (segment: 'customer' | 'note', path: string, v: unknown) => {
    if (!isPlainObject(v)) {
      fail(path, 'must be an object of TextField_<n> / SelectField_<n> entries');
      return;
    }
    const names = Object.keys(v).filter((k) => v[k] !== undefined);
    names.sort(compareCustomFieldNames);
    for (const name of names) {
      const value = v[name];
      const fieldPath = `${path}.${name}`;
      const m = CUSTOM_FIELD.exec(name);
      if (!m) fail(fieldPath, 'custom field names look like TextField_<n> or SelectField_<n> (n is the field id in Udesk)');
      else if (m[1] === 'TextField' && typeof value !== 'string') fail(fieldPath, 'a TextField value must be a string');
      else if (m[1] === 'SelectField' && !(Array.isArray(value) && value.every((x) => typeof x === 'string' && DIGITS.test(x)))) {
        fail(fieldPath, 'a SelectField value must be an array of option indexes as strings, e.g. ["0"]');
      } else {
        fields.push({ path: fieldPath, segment, key: 'custom_fields', sub: name, value: Array.isArray(value) ? value.slice() : value });
      }
    }
  };

  const INVALID = {};
  const normaliseValue = (key: string, path: string, v: unknown): unknown => {
    if (STRING_KEYS.has(key)) {
      if (typeof v === 'string') return v;
      fail(path, 'must be a string');
    } else if (NUMERIC_KEYS.has(key)) {
      if ((typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && DIGITS.test(v))) return v;
      fail(path, 'must be a numeric id: a whole number, or a string of digits');
    } else if (key === 'email') {
      if (typeof v === 'string' && EMAIL.test(v)) return v;
      fail(path, 'must look like an e-mail address (name@example.com)');
    } else if (key === 'tags') {
      if (typeof v === 'string') return v;
      if (Array.isArray(v) && v.every((t) => typeof t === 'string')) {
        const bad = v.findIndex((t: string) => t.indexOf(',') >= 0);
        if (bad < 0) return v.join(',');
        fail(`${path}[${bad}]`, 'a tag in an array cannot contain a comma (Udesk splits tags on commas)');
      } else fail(path, 'must be a comma-separated string or an array of strings');
    } else if (key === 'cellphones' || key === 'other_emails') {
      return pairs(key, path, v);
    }
    return INVALID;
  };

  const pairs = (key: 'cellphones' | 'other_emails', path: string, v: unknown): unknown => {
    const named = key === 'cellphones' ? 'cellphone' : 'other_email';
    const shape = `[[id, ${named}]] pairs or { id?, ${named} } objects, id being "", null, a string or a number`;
    if (!Array.isArray(v)) {
      fail(path, `must be an array of ${shape}`);
      return INVALID;
    }
    const out: Array<[string | number | null, string]> = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      let id: unknown;
      let value: unknown;
      if (Array.isArray(item) && item.length === 2) [id, value] = item;
      else if (isPlainObject(item) && Object.keys(item).every((k) => k === 'id' || k === named)) {
        id = item.id === undefined ? '' : item.id;
        value = item[named];
      } else {
        fail(`${path}[${i}]`, `must be one of ${shape}`);
        return INVALID;
      }
      if (!(id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
        fail(`${path}[${i}]`, 'the id must be "", null, a string or a number');
        return INVALID;
      }
      if (typeof value !== 'string' || value === '') {
        fail(`${path}[${i}]`, `the ${named} must be a non-empty string`);
        return INVALID;
      }
      if (key === 'other_emails' && !EMAIL.test(value)) {
        fail(`${path}[${i}]`, 'the other_email must look like an e-mail address (name@example.com)');
        return INVALID;
      }
      out.push([id, value]);
    }
    return out;
  };

  record('customer', CUSTOMER_KEYS);
  record('note', NOTE_KEYS);

  const unionid = input.unionid;
  if (!absent(unionid) && unionid !== '') {
    if (typeof unionid === 'string' && UNIONID.test(unionid)) fields.push({ path: 'unionid', segment: 'unionid', value: unionid });
    else fail('unionid', 'must look like a WeChat unionid: 20 to 40 letters, digits, "_" or "-" (WeChat\'s are 28)');
  }
  return { fields, errors };
}

/** TextField before SelectField, then by field id, so equal content always gives equal output. */
function compareCustomFieldNames(a: string, b: string): number {
  const ma = CUSTOM_FIELD.exec(a);
  const mb = CUSTOM_FIELD.exec(b);
  if (ma && mb) return ma[1] !== mb[1] ? (ma[1] === 'TextField' ? -1 : 1) : Number(ma[2]) - Number(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}
