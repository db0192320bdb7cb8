import { UdeskValidationError } from '../errors';
import { isPlainObject } from '../isPlainObject';
import { utf8ByteLength } from '../utf8ByteLength';
import type { NormalisedSession } from './validateSessionInput';
import { validateSessionInput } from './validateSessionInput';

/** Udesk's documented budget. WeChat cuts at 1024 UTF-16 units; 1000 UTF-8 bytes always fits. */
export const DEFAULT_MAX_BYTES = 1000;
const MIN_MAX_BYTES = 16;
const WECHAT_LIMIT = 1024;

/**
 * What is left out first when a value does not fit, least useful first: identity goes last
 * (customer_token, then unionid, and the customer's name is kept longest). `*` entries are
 * left out from the highest field id down. A field is left out only if keeping it would not
 * fit once every field ranked above it is in.
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

// Per context, what `|` and `^` become, and what a lone surrogate (not valid UTF-8) becomes.
const NICK: Record<string, string> = { '|': '\uff5c', '^': '\uff3e', '': '\ufffd' };
const AVATAR: Record<string, string> = { '|': '%7C', '^': '%5E', '': '\ufffd' };
// In JSON `|` and `^` can only stand inside strings, where a \u escape means the same character.
const JSON_ESCAPES: Record<string, string> = { '|': '\\u007c', '^': '\\u005e' };
const SEPARATOR_OR_SURROGATE = /[|^\ud800-\udfff]/g;
const HAS_SEPARATOR_OR_SURROGATE = /[|^\ud800-\udfff]/;

const isLone = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c < 0xdc00
    ? !(s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) < 0xe000)
    : !(s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) < 0xdc00);
};

const escapeFor = (s: string, map: Record<string, string>) =>
  // Most values have nothing to escape: test first, it is much cheaper than replace.
  !HAS_SEPARATOR_OR_SURROGATE.test(s)
    ? s
    : s.replace(SEPARATOR_OR_SURROGATE, (c: string, i: number) =>
        map[c] || (!isLone(s, i) ? c : map[''] || '\\u' + c.charCodeAt(0).toString(16)),
      );

/** Whether JSON.stringify escapes lone surrogates (ES2019); older engines need it done for them. */
const WELL_FORMED_JSON = JSON.stringify('\ud800') === '"\\ud800"';

const jsonSegment = (v: unknown) => {
  const json = JSON.stringify(v);
  // indexOf is far cheaper than a regex scan, and the hot path has nothing to escape.
  return WELL_FORMED_JSON && json.indexOf('|') < 0 && json.indexOf('^') < 0 ? json : escapeFor(json, JSON_ESCAPES);
};

function render(session: NormalisedSession): string {
  let out = 'udesk|' + escapeFor(session.nickName || '', NICK) + '|' + escapeFor(session.avatar || '', AVATAR);
  if (session.customer) out += '|customer^' + jsonSegment(session.customer);
  if (session.note) out += '|note^' + jsonSegment(session.note);
  if (session.unionid) out += '|unionid^' + session.unionid; // validated: no separator can be in it
  return out;
}

/** One leaf of a session: the unit trimming keeps or leaves out. */
interface Leaf {
  /** `['customer', 'custom_fields', 'TextField_1']`; joined with dots, the field's path. */
  parts: string[];
  value: unknown;
}

/** The leaves of a session, in its (canonical) key order. */
function leavesOf(node: Record<string, unknown>, at: string[] = [], out: Leaf[] = []): Leaf[] {
  for (const key of Object.keys(node)) {
    const v = node[key];
    const parts = at.concat(key);
    // customer, note and custom_fields are the only plain objects a session holds
    if (isPlainObject(v)) leavesOf(v, parts, out);
    else out.push({ parts, value: v });
  }
  return out;
}

/** The session made of the kept leaves only. */
function pick(fields: Leaf[], keep: boolean[]): NormalisedSession {
  const root: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let i = 0; i < fields.length; i++) {
    if (!keep[i]) continue;
    const { parts, value } = fields[i];
    let target = root;
    for (let j = 0; j < parts.length - 1; j++) target = target[parts[j]] = target[parts[j]] || {};
    target[parts[parts.length - 1]] = value;
  }
  return root;
}

const pathOf = (f: Leaf) => f.parts.join('.');
const rankOf = (f: Leaf): number => {
  const exact = TRIM_ORDER.indexOf(pathOf(f));
  return exact >= 0 ? exact : TRIM_ORDER.indexOf(f.parts[0] + '.custom_fields.*');
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
  const { session, errors } = validateSessionInput(input);
  const full = render(session);
  const fullBytes = utf8ByteLength(full);
  if (fullBytes <= maxBytes) return { value: full, bytes: fullBytes, fullBytes, trimmed: [], errors };

  const fields = leavesOf(session);
  // Over budget: keep fields most useful first, each only if the value still fits, so one large
  // field costs only itself, never the smaller ones ranked below it.
  const byUse = fields.map((_, i) => i).sort((a, b) => rankOf(fields[b]) - rankOf(fields[a]) || a - b);
  const keep: boolean[] = [];
  let value = 'udesk||';
  let bytes = 7;
  for (const i of byUse) {
    keep[i] = true;
    const candidate = render(pick(fields, keep));
    const candidateBytes = utf8ByteLength(candidate);
    if (candidateBytes <= maxBytes) {
      value = candidate;
      bytes = candidateBytes;
    } else keep[i] = false;
  }
  const trimmed = byUse.filter((i) => !keep[i]).reverse().map((i) => pathOf(fields[i]));
  return { value, bytes, fullBytes, trimmed, errors };
}
