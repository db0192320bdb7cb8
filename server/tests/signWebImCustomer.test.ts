import { createHash, createHmac } from 'crypto';
import { execFileSync } from 'child_process';
import { UdeskValidationError } from 'taro-udesk/core';
import { signWebImCustomer } from '../src/signWebImCustomer';

// Vectors computed apart from the implementation: the documented string hashed by Node's crypto
// here, and by the openssl command line (a second, independent implementation of SHA).
const documented = (nonce: string, timestamp: string, webToken: string, key: string) =>
  `nonce=${nonce}&timestamp=${timestamp}&web_token=${webToken}&${key}`;
const openssl = (algorithm: 'sha1' | 'sha256', text: string) =>
  execFileSync('openssl', ['dgst', '-' + algorithm, '-r'], { input: text }).toString().split(' ')[0].toUpperCase();

describe('signWebImCustomer', () => {
  const vectors = [
    { algorithm: 'SHA1' as const, nonce: 'a1b2c3', timestamp: 1795600000000, webToken: 'customer_42', key: 'im-user-key-1' },
    { algorithm: 'SHA256' as const, nonce: 'Zz_9-x', timestamp: 1700000000123, webToken: 'U_1', key: '密钥 with spaces & =' },
  ];

  it.each(vectors)('matches Node crypto and openssl over the documented string ($algorithm)', (v) => {
    const signed = signWebImCustomer({ webToken: v.webToken, imUserKey: v.key, algorithm: v.algorithm, nonce: v.nonce, timestamp: v.timestamp });
    const text = documented(v.nonce, String(v.timestamp), v.webToken, v.key);
    const nodeHex = createHash(v.algorithm.toLowerCase()).update(text, 'utf8').digest('hex').toUpperCase();
    expect(signed).toEqual({
      nonce: v.nonce,
      timestamp: String(v.timestamp),
      web_token: v.webToken,
      signature: nodeHex,
      encryption_algorithm: v.algorithm,
    });
    expect(signed.signature).toBe(openssl(v.algorithm === 'SHA1' ? 'sha1' : 'sha256', text));
    expect(signed.signature).toMatch(v.algorithm === 'SHA1' ? /^[0-9A-F]{40}$/ : /^[0-9A-F]{64}$/);
  });

  it('is a plain hash of the documented string, not an HMAC', () => {
    const v = vectors[0];
    const signed = signWebImCustomer({ webToken: v.webToken, imUserKey: v.key, nonce: v.nonce, timestamp: v.timestamp });
    const hmac = createHmac('sha1', v.key).update(documented(v.nonce, String(v.timestamp), v.webToken, '')).digest('hex').toUpperCase();
    expect(signed.signature).not.toBe(hmac);
  });

  it('defaults to SHA1, a fresh random nonce and the current time', () => {
    const before = Date.now();
    const first = signWebImCustomer({ webToken: 'u1', imUserKey: 'k' });
    const second = signWebImCustomer({ webToken: 'u1', imUserKey: 'k' });
    expect(first.encryption_algorithm).toBe('SHA1');
    expect(first.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(first.nonce).not.toBe(second.nonce);
    expect(Number(first.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(first.timestamp)).toBeLessThanOrEqual(Date.now());
    const text = documented(first.nonce, first.timestamp, 'u1', 'k');
    expect(first.signature).toBe(createHash('sha1').update(text).digest('hex').toUpperCase());
  });

  it.each([
    [{ webToken: 'a b', imUserKey: 'k' }, 'webToken'],
    [{ webToken: 'a&timestamp=1', imUserKey: 'k' }, 'webToken'],
    [{ webToken: 'u', imUserKey: '' }, 'imUserKey'],
    [{ webToken: 'u', imUserKey: 'k', algorithm: 'MD5' }, 'algorithm'],
    [{ webToken: 'u', imUserKey: 'k', nonce: 'x&web_token=admin' }, 'nonce'],
    [{ webToken: 'u', imUserKey: 'k', timestamp: 1795600000 }, 'timestamp'],
  ])('rejects %j naming %s', (options, path) => {
    let error: unknown;
    try {
      signWebImCustomer(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UdeskValidationError);
    expect((error as UdeskValidationError).path).toBe(path);
  });
});
