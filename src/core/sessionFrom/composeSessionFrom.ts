import { UdeskValidationError } from '../errors';
import { utf8ByteLength } from '../utf8ByteLength';
import type { NormalisedSession, SessionLeaf } from './validateSessionInput';
import { leavesOf, setPath, validateSessionInput } from './validateSessionInput';

/** Udesk's documented budget. WeChat cuts at 1024 UTF-16 units; 1000 UTF-8 bytes always fits. */
export const DEFAULT_MAX_BYTES = 1000;
const MIN_MAX_BYTES = 16;
const WECHAT_LIMIT = 1024;

export interface ComposeOptions {
  /** UTF-8 byte budget, 16 to 1024. Default 1000, as Udesk documents. */
  maxBytes?: number;
  /**
   * The agent's link to this visitor's trajectory (`UdeskSdk.trajectoryLink()`), written into the
   * customer's custom field `field` (a link-type text field the Udesk admin created), kept before
   * every field but identity. No `url` (not known yet): nothing is added.
   */
  trajectory?: TrajectoryOption;
}

export interface TrajectoryOption {
  /** `TextField_<n>`. */
  field: string;
  url?: string;
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

// A surrogate pair is kept whole; a lone surrogate (not valid UTF-8) and the separators are replaced.
const SPECIAL = /[\ud800-\udbff][\udc00-\udfff]|[|^\ud800-\udfff]/g;
const HAS_SPECIAL = /[|^\ud800-\udfff]/;

/**
 * `|` and `^` become `bar` and `caret`; a lone surrogate becomes U+FFFD, or its `\u` escape
 * inside JSON (only engines older than ES2019 leave one there).
 */
const escapeFor = (s: string, bar: string, caret: string, json?: boolean) =>
  // Most values have nothing to escape: test first, it is much cheaper than replace.
  HAS_SPECIAL.test(s)
    ? s.replace(SPECIAL, (c) =>
        c[1] ? c : c === '|' ? bar : c === '^' ? caret : json ? '\\u' + c.charCodeAt(0).toString(16) : '\ufffd',
      )
    : s;

/** Whether JSON.stringify escapes lone surrogates (ES2019); then only `|` and `^` can need escaping. */
const WELL_FORMED_JSON = JSON.stringify('\ud800') !== '"\ud800"';

// In JSON `|` and `^` can only stand inside strings, where a \u escape means the same character.
const segment = (key: string, v: unknown) => {
  if (!v) return '';
  const json = JSON.stringify(v);
  // indexOf is far cheaper than a regex scan, and the common value has nothing to escape.
  const clean = WELL_FORMED_JSON && json.indexOf('|') < 0 && json.indexOf('^') < 0;
  return '|' + key + '^' + (clean ? json : escapeFor(json, '\\u007c', '\\u005e', true));
};

const render = (session: NormalisedSession): string =>
  'udesk|' +
  escapeFor(session.nickName || '', '\uff5c', '\uff3e') +
  '|' +
  escapeFor(session.avatar || '', '%7C', '%5E') +
  segment('customer', session.customer) +
  segment('note', session.note) +
  (session.unionid ? '|unionid^' + session.unionid : ''); // validated: no separator can be in it

const TEXT_FIELD = /^TextField_\d+$/;
/** Identity: what is kept before the trajectory link. */
const IDENTITY: Record<string, 1> = { 'customer.customer_name': 1, unionid: 1, 'customer.customer_token': 1 };

/** The trajectory option checked (a programmer error throws): the link's field path, or none. */
function trajectoryPath(option: TrajectoryOption | undefined): string[] | undefined {
  if (option === undefined) return;
  if (!option || !TEXT_FIELD.test(option.field)) {
    throw new UdeskValidationError('trajectory.field', 'must be named TextField_<n>' + (process.env.NODE_ENV !== 'production' ? ', the id of a link-type text field in Udesk' : ''));
  }
  if (option.url !== undefined && typeof option.url !== 'string') throw new UdeskValidationError('trajectory.url', 'must be a string');
  return option.url ? ['customer', 'custom_fields', option.field] : undefined;
}

/**
 * Validates and builds a session-from value without throwing for bad data: invalid fields are
 * left out and listed in `errors`, and whole fields are left out (never a piece of one) in
 * `TRIM_ORDER` until the value fits `maxBytes`. What the UI layer uses; `buildSessionFrom`
 * is the strict form.
 */
export function composeSessionFrom(input: unknown, options: ComposeOptions = {}): SessionFromResult {
  const maxBytes = options.maxBytes === undefined ? DEFAULT_MAX_BYTES : options.maxBytes;
  if (!(Number.isInteger(maxBytes) && maxBytes >= MIN_MAX_BYTES && maxBytes <= WECHAT_LIMIT)) {
    throw new UdeskValidationError('maxBytes', `must be a whole number from ${MIN_MAX_BYTES} to ${WECHAT_LIMIT}`);
  }
  const { session, errors } = validateSessionInput(input);
  const linkPath = trajectoryPath(options.trajectory);
  if (linkPath) {
    // Into the customer's custom fields, over a value the input gave the same field.
    const customer = (session.customer = { ...session.customer });
    customer.custom_fields = { ...(customer.custom_fields as object), [linkPath[2]]: options.trajectory!.url };
  }
  let value = render(session);
  const fullBytes = utf8ByteLength(value);
  let bytes = fullBytes;
  const trimmed: string[] = [];
  if (fullBytes > maxBytes) {
    // Over budget: keep fields most useful first, each only if the value still fits, so one large
    // field costs only itself, never the smaller ones ranked below it. Leaves come most useful
    // first, and are set in that order, so the kept keys keep the full value's order.
    const kept: SessionLeaf[] = [];
    const leaves = leavesOf(session);
    if (linkPath) {
      // The link ranks right after identity: the last thing left out before it.
      const linkName = linkPath.join('.');
      let at = 0;
      while (leaves[at][0].join('.') !== linkName) at++;
      const link = leaves.splice(at, 1)[0];
      let place = 0;
      while (place < leaves.length && IDENTITY[leaves[place][0].join('.')]) place++;
      leaves.splice(place, 0, link);
    }
    value = 'udesk||';
    bytes = 7;
    for (const leaf of leaves) {
      const picked = {};
      for (const [parts, v] of kept.concat([leaf])) setPath(picked, parts, v);
      const text = render(picked);
      const size = utf8ByteLength(text);
      if (size > maxBytes) trimmed.unshift(leaf[0].join('.'));
      else {
        kept.push(leaf);
        value = text;
        bytes = size;
      }
    }
  }
  return { value, bytes, fullBytes, trimmed, errors };
}
