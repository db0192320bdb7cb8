/** Content, not identity: an inline `{ ... }` prop is a new object on every render. */
export function contentKey(value: unknown): unknown {
  try {
    return JSON.stringify(value);
  } catch {
    return value; // not serialisable (a cycle): fall back to identity
  }
}
