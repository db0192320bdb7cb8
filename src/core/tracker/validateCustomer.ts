import { UdeskValidationError } from '../errors';
import { isPlainObject } from '../isPlainObject';
import { isString } from '../isString';
import { UNIONID, UNIONID_RULE } from '../sessionFrom/unionid';
import type { IdentifiedCustomer } from './types';

// The session-from's rules (the same unionid rule, imported alone so the tracker does not pull
// in the session-from validator): customer_token and nick_name strings; an openid has the same
// alphabet and length as a unionid. identity_hash: what the app's backend signed (HMAC-SHA256,
// hex), checked by the trajectory server; here only its shape.
const KINDS: Record<keyof IdentifiedCustomer, 'string' | 'unionid' | 'hash'> = {
  customer_token: 'string',
  unionid: 'unionid',
  openid: 'unionid',
  nick_name: 'string',
  identity_hash: 'hash',
};
const HASH = /^[\da-f]{64}$/i;
const HASH_RULE = '64 hex digits' + (process.env.NODE_ENV !== 'production' ? ': HMAC-SHA256 of the customer key, signed by your backend (signCustomerIdentity)' : '');

const FIELDS = Object.keys(KINDS).join(', ');

const fail = (path: string, rule: string): never => {
  throw new UdeskValidationError(path, rule);
};

/** `identify`'s argument as a new object of its non-empty fields; throws naming the field and rule. */
export function validateCustomer(customer: unknown): IdentifiedCustomer {
  if (!isPlainObject(customer)) return fail('customer', 'must be an object or null');
  const out: Record<string, string> = {};
  for (const key of Object.keys(customer)) {
    const kind = KINDS[key as keyof IdentifiedCustomer];
    if (!kind || !Object.prototype.hasOwnProperty.call(KINDS, key)) fail('customer.' + key, 'unknown field; valid fields are ' + FIELDS);
    const value = customer[key];
    if (value == null || value === '') continue;
    const pattern = kind === 'unionid' ? UNIONID : kind === 'hash' ? HASH : null;
    const rule = kind === 'unionid' ? UNIONID_RULE : kind === 'hash' ? HASH_RULE : 'a string';
    if (!isString(value) || (pattern && !pattern.test(value))) fail('customer.' + key, 'must be ' + rule);
    out[key] = value as string;
  }
  if (out.identity_hash && !(out.customer_token || out.unionid || out.openid)) fail('customer.identity_hash', 'needs customer_token, unionid or openid');
  if (!Object.keys(out).length) fail('customer', 'must have one of ' + FIELDS + '; identify(null) to forget the customer');
  return out;
}
