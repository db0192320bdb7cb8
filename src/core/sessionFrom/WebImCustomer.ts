import { UdeskValidationError } from '../errors';

/**
 * Udesk's signed customer identity for web IM, as a server makes it (`signWebImCustomer` in
 * `taro-udesk-server`) and a client passes on: the signature is made with a secret, so a
 * client only ever carries the result.
 */
export interface WebImCustomer {
  nonce: string;
  timestamp: string;
  web_token: string;
  signature: string;
  encryption_algorithm: 'SHA1' | 'SHA256';
}

/** The link parameters in Udesk's order; the link carries all five or none. */
export const WEB_IM_CUSTOMER_KEYS = ['nonce', 'timestamp', 'web_token', 'signature', 'encryption_algorithm'] as const;

/** Checks a signed identity's shape (not its signature: only Udesk holds the key to check it).
 * Every key is required: pass what signWebImCustomer returned, whole. */
export function webImCustomerParams(signed: WebImCustomer): Array<[string, string]> {
  const record = (signed || {}) as unknown as Record<string, unknown>;
  return WEB_IM_CUSTOMER_KEYS.map((key): [string, string] => {
    const value = record[key];
    if (typeof value !== 'string' || !value) {
      throw new UdeskValidationError('webImCustomer.' + key, 'is required');
    }
    return [key, value];
  });
}
