import { UdeskValidationError } from '../errors';
import { utf8ByteLength } from '../utf8ByteLength';
import type { SessionField } from './validateSessionInput';
import { validateSessionInput } from './validateSessionInput';

/** Udesk's documented budget. WeChat cuts at 1024 UTF-16 units; 1000 UTF-8 bytes always fits. */
export const DEFAULT_MAX_BYTES = 1000;
const MIN_MAX_BYTES = 16;
const WECHAT_LIMIT = 1024;

/**
 * What is left out first when a value does not fit, least useful first: identity goes last
 * (customer_token, then unionid, and the customer's name is kept longest). `*` entries are
 * left out from the highest field id down.
 */
export const TRIM_ORDER: readonly string[] = [
  'customer.description',
  'note.custom_fields.*',
  'customer.custom_fields.*',
  'customer.other_emails',
  'customer.ip',
  'customer.tags',
  'customer.generated_channel',
  'customer.level',
  'customer.owner_group_id',
  'customer.owner_id',
  'customer.organization_id',
  'avatar',
  'customer.avatar',
  'customer.nick_name',
  'nickName',
  'note.title',
  'customer.cellphones',
  'customer.email',
  'customer.customer_token',
  'unionid',
  'customer.customer_name',
];

export interface ComposeOptions {
  /** UTF-8 byte budget, 16 to 1024. Default 1000, as Udesk documents. */
  maxBytes?: number;
}

export interface SessionFromResult {
  /** The session-from value, within `maxBytes`. */
  value: string;
  /** Its UTF-8 length. */
  bytes: number;
  /** UTF-8 length before anything was left out. */
  fullBytes: number;
  /** Paths of the fields left out to fit the budget, in the order they were left out. */
  trimmed: string[];
  /** Invalid fields, left out of `value`. */
  errors: UdeskValidationError[];
}

const FULLWIDTH: Record<string, string> = { '|': '\uff5c', '^': '\uff3e' };
const PERCENT: Record<string, string> = { '|': '%7C', '^': '%5E' };
const JSON_ESCAPE: Record<string, string> = { '|': '\\u007c', '^': '\\u005e' };
const SEPARATOR_OR_SURROGATE = /[|^\ud800-\udfff]/g;

const isLone = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  const prev = s.charCodeAt(i - 1);
  return !(prev >= 0xd800 && prev <= 0xdbff);
};

/** Replaces separators, and lone surrogates (not valid UTF-8) with what `map`/`lone` give. */
const escapeWith = (s: string, map: Record<string, string>, lone: (c: string) => string) =>
  s.replace(SEPARATOR_OR_SURROGATE, (c: string, i: number) => map[c] || (isLone(s, i) ? lone(c) : c));

const encodeNick = (s: string) => escapeWith(s, FULLWIDTH, () => '\ufffd');
const encodeAvatar = (s: string) => escapeWith(s, PERCENT, () => '\ufffd');
// `|` and `^` can only stand inside JSON strings, where a \u escape means the same character.
const encodeJson = (v: unknown) =>
  escapeWith(JSON.stringify(v), JSON_ESCAPE, (c) => '\\u' + c.charCodeAt(0).toString(16));

function render(fields: SessionField[], keep: boolean[] | null): string {
  let nick = '';
  let avatar = '';
  let unionid = '';
  let customer: Record<string, unknown> | undefined;
  let note: Record<string, unknown> | undefined;
  for (let i = 0; i < fields.length; i++) {
    if (keep && !keep[i]) continue;
    const f = fields[i];
    if (f.segment === 'nickName') nick = f.value as string;
    else if (f.segment === 'avatar') avatar = f.value as string;
    else if (f.segment === 'unionid') unionid = f.value as string;
    else {
      const target = f.segment === 'customer' ? (customer = customer || {}) : (note = note || {});
      if (f.sub) ((target.custom_fields = target.custom_fields || {}) as Record<string, unknown>)[f.sub] = f.value;
      else target[f.key as string] = f.value;
    }
  }
  let out = 'udesk|' + encodeNick(nick) + '|' + encodeAvatar(avatar);
  if (customer) out += '|customer^' + encodeJson(customer);
  if (note) out += '|note^' + encodeJson(note);
  if (unionid) out += '|unionid^' + unionid;
  return out;
}

const rankOf = (f: SessionField): number => {
  const exact = TRIM_ORDER.indexOf(f.path);
  return exact >= 0 ? exact : TRIM_ORDER.indexOf(`${f.segment}.custom_fields.*`);
};

/**
 * Validates and builds a session-from value without throwing for bad data: invalid fields are
 * left out and listed in `errors`, and whole fields are left out (never a piece of one) in
 * `TRIM_ORDER` until the value fits `maxBytes`. What the UI layer uses; `buildSessionFrom`
 * is the strict form.
 */
export function composeSessionFrom(input: unknown, options: ComposeOptions = {}): SessionFromResult {
  const maxBytes = options.maxBytes === undefined ? DEFAULT_MAX_BYTES : options.maxBytes;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_MAX_BYTES || maxBytes > WECHAT_LIMIT) {
    throw new UdeskValidationError('maxBytes', `must be a whole number from ${MIN_MAX_BYTES} to ${WECHAT_LIMIT} (WeChat cuts session-from at ${WECHAT_LIMIT})`);
  }
  const { fields, errors } = validateSessionInput(input);
  const full = render(fields, null);
  const fullBytes = utf8ByteLength(full);
  if (fullBytes <= maxBytes) return { value: full, bytes: fullBytes, fullBytes, trimmed: [], errors };

  // Leave out fields least useful first until it fits...
  const order = fields.map((_, i) => i).sort((a, b) => rankOf(fields[a]) - rankOf(fields[b]) || b - a);
  const keep = fields.map(() => true);
  const dropped: number[] = [];
  let value = full;
  let bytes = fullBytes;
  for (const i of order) {
    keep[i] = false;
    dropped.push(i);
    value = render(fields, keep);
    bytes = utf8ByteLength(value);
    if (bytes <= maxBytes) break;
  }
  // ...then put back, most useful first, any of those that still fit: one large field should
  // not cost every smaller one ranked below it.
  for (let d = dropped.length - 2; d >= 0; d--) {
    keep[dropped[d]] = true;
    const candidate = render(fields, keep);
    const candidateBytes = utf8ByteLength(candidate);
    if (candidateBytes <= maxBytes) {
      value = candidate;
      bytes = candidateBytes;
    } else keep[dropped[d]] = false;
  }
  const trimmed = dropped.filter((i) => !keep[i]).map((i) => fields[i].path);
  return { value, bytes, fullBytes, trimmed, errors };
}
