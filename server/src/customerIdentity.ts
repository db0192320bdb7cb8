// Identity verification, as Intercom's `user_hash` and Chatwoot's `identifier_hash`: the app's own
// backend signs the customer key with the app's identity secret, which never reaches a client;
// the client passes the signature with identify(); only a customer whose signature verifies here
// links visitors (docs/protocol.md, "Identity verification").
import { createHmac, timingSafeEqual } from 'crypto';

/** An identity hash as it travels: HMAC-SHA256 as hex (64 digits; either case is read). */
export const IDENTITY_HASH = /^[0-9a-fA-F]{64}$/;
export const IDENTITY_HASH_RULE = 'must be 64 hex digits: HMAC-SHA256 of the customer key with the app’s identity secret';

/** An identity secret is a key: short ones could be guessed from one customer's key and hash. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;

/** `hex(HMAC-SHA256(key = secret as UTF-8, message = customer key as UTF-8))`, lower case. */
export function identityHashOf(secret: string, customerKey: string): string {
  return createHmac('sha256', secret).update(customerKey, 'utf8').digest('hex');
}

/**
 * Whether `hash` (already checked against IDENTITY_HASH) signs `customerKey` with one of the app's
 * secrets (several while a secret is being rotated). Compared in constant time, every secret
 * tried, so the time taken says nothing about which one matched or how much of it.
 */
export function verifyIdentityHash(secrets: readonly string[], customerKey: string, hash: string): boolean {
  const given = Buffer.from(hash, 'hex');
  let verified = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(customerKey, 'utf8').digest();
    if (given.length === expected.length && timingSafeEqual(given, expected)) verified = true;
  }
  return verified;
}
