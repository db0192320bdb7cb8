// The one key both limits count by: IPv6 by /64, IPv4 (and IPv4-mapped IPv6) as it is, and the
// forwarded address only through configured proxies.
import fc from 'fast-check';
import type { IncomingMessage } from 'http';
import { clientNetwork, compileTrustedProxies, networkOf } from '../src/clientAddress';
import { createRateLimiter } from '../src/createRateLimiter';
import { createAppQuotas } from '../src/createAppQuotas';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

const hextet = fc.integer({ min: 0, max: 0xffff });

describe('networkOf', () => {
  it('gives every address of one /64 the same key, and addresses of two /64s different keys', () => {
    fc.assert(fc.property(fc.array(hextet, { minLength: 8, maxLength: 8 }), fc.array(hextet, { minLength: 4, maxLength: 4 }), (address, host) => {
      const text = (parts: number[]) => parts.map((part) => part.toString(16)).join(':');
      const sameNetwork = [...address.slice(0, 4), ...host];
      expect(networkOf(text(sameNetwork))).toBe(networkOf(text(address)));
      const otherNetwork = [...address.slice(0, 3), (address[3] + 1) % 0x10000, ...address.slice(4)];
      expect(networkOf(text(otherNetwork))).not.toBe(networkOf(text(address)));
    }));
  });

  it('reads compressed and mixed forms, and keeps IPv4 addresses apart', () => {
    expect(networkOf('2001:db8::1')).toBe(networkOf('2001:0db8:0000:0000:ffff:ffff:ffff:ffff'));
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.7')).not.toBe(networkOf('203.0.113.8'));
  });
});

describe('clientNetwork', () => {
  it('ignores X-Forwarded-For when no proxy is configured', () => {
    expect(clientNetwork(request('203.0.113.7', '198.51.100.1'), null)).toBe('203.0.113.7');
  });

  it('takes the forwarded address from a configured proxy only, read from the right', () => {
    const trust = compileTrustedProxies(['10.0.0.0/8']);
    expect(clientNetwork(request('10.1.2.3', 'spoofed, 198.51.100.1'), trust)).toBe('198.51.100.1');
    expect(clientNetwork(request('10.1.2.3', '2001:db8:1:2::7, 10.9.9.9'), trust)).toBe('2001:db8:1:2::/64');
    expect(clientNetwork(request('203.0.113.7', '198.51.100.1'), trust)).toBe('203.0.113.7');
  });

  it('refuses a proxy list it cannot read, naming the option', () => {
    expect(() => compileTrustedProxies(['not an address'])).toThrow(/trustedProxies/);
  });
});

describe('the limiters', () => {
  it('charges a cost, and answers how long until it fits', () => {
    let time = 0;
    const limiter = createRateLimiter(10, () => time, 20);
    expect(limiter.take('a', 15)).toBe(0);
    expect(limiter.peek('a', 10)).toBe(1);
    expect(limiter.take('a', 10)).toBe(1);
    time += 500;
    expect(limiter.take('a', 10)).toBe(0);
    expect(limiter.take('b', 20)).toBe(0);
  });

  it('admits a batch only when both app quotas have room, and charges neither otherwise', () => {
    let time = 0;
    const quotas = createAppQuotas({ eventsPerMinute: 60, bytesPerMinute: 6000 }, () => time);
    expect(quotas.take('app', 10, 5000)).toBe(0);
    expect(quotas.take('app', 10, 5000)).toBeGreaterThanOrEqual(1); // bytes over
    expect(quotas.take('app', 50, 1000)).toBe(0); // the refused batch charged no events
    expect(quotas.take('app', 1, 1)).toBeGreaterThanOrEqual(1);
    time += 60_000;
    expect(quotas.take('app', 60, 6000)).toBe(0);
    expect(quotas.take('other', 60, 6000)).toBe(0);
  });
});
