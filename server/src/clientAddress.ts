// Who a request comes from, for the limits: the one helper both the batch limit and the page limit
// key by. The peer's address, or, behind a configured proxy, the address the proxies forwarded
// (X-Forwarded-For read from the right, through configured proxies only, as Express's `trust proxy`
// does with the same library): a client never picks the key it is counted by. IPv6 is counted by
// /64, the block one phone, one home or one carrier customer is given.
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { IncomingMessage } from 'http';
import { UdeskConfigError } from 'taro-udesk/core';

export type ProxyTrust = (address: string, hop: number) => boolean;

/** Checks the proxies once (addresses or CIDR ranges, `loopback` / `uniquelocal` / `linklocal`). */
export function compileTrustedProxies(proxies: readonly string[] | undefined): ProxyTrust | null {
  if (proxies === undefined || proxies.length === 0) return null;
  try {
    return proxyaddr.compile([...proxies]);
  } catch (error) {
    throw new UdeskConfigError('trustedProxies', `${(error as Error).message}: list addresses or ranges such as 10.0.0.5, 10.0.0.0/8 or loopback`);
  }
}

/** The limits' key for an address: IPv4 as it is (IPv4-mapped IPv6 too), IPv6 by its /64. */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

/** The key a request is counted by. */
export function clientNetwork(req: IncomingMessage, trust: ProxyTrust | null): string {
  const address = trust === null ? req.socket.remoteAddress ?? '' : proxyaddr(req, trust);
  return networkOf(address);
}
