// The app backend's half of identity verification: sign the logged-in customer's key with the
// app's identity secret and give the result to the client, which passes it with identify().
// The secret is the server's alone: this runs on a server, never in a client bundle.
import { UdeskValidationError } from 'taro-udesk/core';
import { isPlainObject } from './isPlainObject';
import { identityHashOf, MIN_IDENTITY_SECRET_LENGTH } from './customerIdentity';
import { customerKeyOf, MAX_ID_LENGTH } from './validateEvent';

export interface SignCustomerIdentityOptions {
  /** The app's identity secret: the same one the trajectory server verifies with (`identitySecrets`). */
  secret: string;
  /**
   * The customer as the client will pass it to identify(): the hash signs `customer_token` if it
   * is given, else `unionid`, else `openid` (the strongest one, as the server keys the customer).
   */
  customer: { customer_token?: string | null; unionid?: string | null; openid?: string | null };
}

const IDENTIFIERS = ['customer_token', 'unionid', 'openid'] as const;

/**
 * The `identity_hash` for `identify({ ...customer, identity_hash })`:
 * `hex(HMAC-SHA256(secret, customerKey))`, where the customer key is `token:<customer_token>`, else
 * `unionid:<unionid>`, else `openid:<openid>` (docs/protocol.md, "Identity verification").
 * Throws UdeskValidationError naming the field for anything the server would not accept.
 */
export function signCustomerIdentity(options: SignCustomerIdentityOptions): string {
  if (!isPlainObject(options)) throw new UdeskValidationError('options', 'must be an object: { secret, customer }');
  const { secret, customer } = options;
  if (typeof secret !== 'string' || secret.length < MIN_IDENTITY_SECRET_LENGTH) {
    throw new UdeskValidationError('secret', `must be the app’s identity secret, a string of at least ${MIN_IDENTITY_SECRET_LENGTH} characters`);
  }
  if (!isPlainObject(customer)) throw new UdeskValidationError('customer', 'must be an object with customer_token, unionid or openid');
  for (const field of IDENTIFIERS) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || value.length > MAX_ID_LENGTH) {
      throw new UdeskValidationError(`customer.${field}`, `must be a string of 1 to ${MAX_ID_LENGTH} characters`);
    }
  }
  const key = customerKeyOf(customer);
  if (typeof key !== 'string') throw new UdeskValidationError('customer', 'must have customer_token, unionid or openid: the hash signs the first of them');
  return identityHashOf(secret, key);
}
