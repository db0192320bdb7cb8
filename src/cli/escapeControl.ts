// A session-from comes from a phone: printed raw, a value could move the cursor, recolour the
// terminal or reorder the line (bidi overrides). Such characters are shown as visible escapes.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** `text` with backslashes doubled and control and bidi characters as `\x1b`, `\u202e`, `\n`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] || (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
  });
}

// JSON.stringify escapes U+0000–U+001F itself; these it leaves raw.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with the characters JSON.stringify leaves raw written as `\uXXXX`: still valid JSON. */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (char) => `\\u${hex(char.charCodeAt(0), 4)}`);
}
