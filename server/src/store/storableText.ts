// PostgreSQL's text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (JSON.stringify
// writes them as \u0000 / \udXXX escapes, which jsonb refuses). A server can receive both in
// valid JSON, so it must refuse such an event by itself rather than let it fail a whole commit.

// eslint-disable-next-line no-control-regex -- U+0000 is exactly what it looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableStringReason(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'contains U+0000' : 'contains an unpaired UTF-16 surrogate';
}

/**
 * The first string (value or field name) in a JSON value that PostgreSQL cannot store, as
 * `{ path, rule }`, or null. For the server's per-event validation: such an event is rejected
 * on its own (`rejected: [{ id, reason }]`), the rest of the batch is kept.
 */
export function findUnstorableText(value: unknown, path = 'event'): { path: string; rule: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableStringReason(value);
    return reason === null ? null : { path, rule: `${reason}, which PostgreSQL cannot store` };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findUnstorableText(value[index], `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const keyReason = unstorableStringReason(key);
      if (keyReason !== null) return { path: `${path} (a field name)`, rule: `${keyReason}, which PostgreSQL cannot store` };
      const found = findUnstorableText((value as Record<string, unknown>)[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
