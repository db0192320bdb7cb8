// What the store remembers of an erased visitor or customer: a keyed hash, never the id itself.
// The key is random, made once per database (retentionMigration.ts) and kept in it: the erasures
// table alone (a dump of it, a log of it) names nobody, and an id cannot be tested against it
// without the key. Whoever holds the whole database holds the key too, and can test an id they
// already know: that is the limit of remembering an erasure at all.
import { createHmac } from 'crypto';
import type { SqlQuery } from './sqlExecutor';

export type ErasedKind = 'visitor' | 'customer';

export const ERASURE_KEY_SQL = `SELECT value FROM taro_udesk_settings WHERE name = 'erasure_key'`;

/** hex(HMAC-SHA256(key, `<kind>:<id>`)); a customer's id is its store key (`token:…`, `unionid:…`, `openid:…`). */
export type Digest = (kind: ErasedKind, id: string) => string;

export function digestWith(key: string): Digest {
  return (kind, id) => createHmac('sha256', key).update(`${kind}:${id}`, 'utf8').digest('hex');
}

/** Reads the database's erasure key once, on first use. */
export function lazyDigest(read: SqlQuery): () => Promise<Digest> {
  let loading: Promise<Digest> | undefined;
  return () => {
    loading ??= read<{ value: string }>(ERASURE_KEY_SQL).then(([row]) => {
      if (!row) throw new Error('the database has no erasure key: its schema is older than this server');
      return digestWith(row.value);
    });
    // A failed read (the store was down) is tried again next time.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
