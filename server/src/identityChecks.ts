// Per app, how a batch's identity hashes are checked: against the app's identity secrets, each
// (customer key, hash) pair once per batch (a batch's events mostly share one customer). What does
// not verify stays an unverified claim, and the operator hears once why nothing links.
import type { Logger } from './ServerContext';
import type { IdentityCheck } from './validateEvent';
import { verifyIdentityHash } from './customerIdentity';

/** Returns a fresh check for each batch of `appId`. */
export function createIdentityChecks(secrets: ReadonlyMap<string, readonly string[]>, logger: Logger): (appId: string) => IdentityCheck {
  const warned = new Set<string>();
  // Once per app and kind: a log line per batch would let any client fill the log. The app id is
  // the operator's own (batches of apps not listed are refused first) and quoted; with no apps
  // listed (development) any id is admitted, so the warnings stop after a hundred.
  const warnOnce = (kind: 'no secret' | 'mismatch', appId: string, line: string) => {
    const key = `${kind}\u0000${appId}`;
    if (warned.has(key) || warned.size >= 100) return;
    warned.add(key);
    logger.warn(`app ${JSON.stringify(appId)}: ${line}`);
  };
  return (appId) => {
    const appSecrets = secrets.get(appId);
    const seen = new Map<string, boolean>();
    return (customerKey, hash) => {
      if (appSecrets === undefined) {
        warnOnce('no secret', appId, 'events carry identity hashes, but no identity secret is configured for this app: its customers stay unverified and link no visitors');
        return false;
      }
      const pair = `${customerKey}\u0000${hash.toLowerCase()}`;
      let verified = seen.get(pair);
      if (verified === undefined) {
        verified = verifyIdentityHash(appSecrets, customerKey, hash);
        seen.set(pair, verified);
      }
      if (!verified) warnOnce('mismatch', appId, 'an identity hash did not verify with this app’s identity secret (is its backend signing with another one?): that customer stays unverified');
      return verified;
    };
  };
}
