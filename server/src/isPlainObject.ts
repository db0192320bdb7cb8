// A `{}`-style object: not null, not an array. (The client's core has the same three lines; it does
// not export them, to keep its public surface and the whole-library bundle as they are.)
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
