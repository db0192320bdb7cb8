// Udesk's signed customer identity for its web IM (the H5 contact path). The signature is keyed
// with the company's `im_user_key`, a secret: this runs on a server only, never in a client
// bundle (a test greps the H5 and weapp builds for the key).
import { createHash, randomBytes } from 'crypto';
import { UdeskValidationError } from 'taro-udesk/core';
import type { WebImCustomer } from 'taro-udesk/core';

export type WebImSignatureAlgorithm = 'SHA1' | 'SHA256';

export interface SignWebImCustomerOptions {
  /** The customer's id in your system: letters, digits and `_`, as Udesk's web IM requires. */
  webToken: string;
  /** The web IM plugin's `im_user_key` (Udesk admin, web IM plugin, basic info). */
  imUserKey: string;
  /** `SHA1` (Udesk's default) or `SHA256`. */
  algorithm?: WebImSignatureAlgorithm;
  /** Random by default: 16 bytes as hex. */
  nonce?: string;
  /** ms since the epoch, 13 digits; now by default. */
  timestamp?: number;
}

const WEB_TOKEN = /^[A-Za-z0-9_]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
const TIMESTAMP = /^\d{13}$/;

/**
 * The five parameters Udesk's web IM link (or `ud({ customer })`) takes: pass the result to the
 * client, whole, as `<ContactButton webImCustomer>`.
 * `signature = upper(hex(sha(`nonce=<nonce>&timestamp=<timestamp>&web_token=<web_token>&<im_user_key>`)))`,
 * as Udesk publishes it for web IM customer authentication.
 */
export function signWebImCustomer(options: SignWebImCustomerOptions): WebImCustomer {
  const { webToken, imUserKey, algorithm = 'SHA1' } = options;
  if (typeof webToken !== 'string' || !WEB_TOKEN.test(webToken)) {
    throw new UdeskValidationError('webToken', 'must be 1-64 letters, digits or _ (Udesk web IM web_token)');
  }
  if (typeof imUserKey !== 'string' || !imUserKey) {
    throw new UdeskValidationError('imUserKey', 'is required: the web IM plugin key from Udesk admin');
  }
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256') {
    throw new UdeskValidationError('algorithm', "must be 'SHA1' or 'SHA256'");
  }
  const nonce = options.nonce === undefined ? randomBytes(16).toString('hex') : options.nonce;
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) {
    throw new UdeskValidationError('nonce', 'must be 1-64 of A-Z a-z 0-9 _ -');
  }
  const timestamp = String(options.timestamp === undefined ? Date.now() : options.timestamp);
  if (!TIMESTAMP.test(timestamp)) {
    throw new UdeskValidationError('timestamp', 'must be milliseconds since the epoch (13 digits)');
  }
  const signed = `nonce=${nonce}&timestamp=${timestamp}&web_token=${webToken}&${imUserKey}`;
  const signature = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256')
    .update(signed, 'utf8')
    .digest('hex')
    .toUpperCase();
  return { nonce, timestamp, web_token: webToken, signature, encryption_algorithm: algorithm };
}
