import fc from 'fast-check';
import { escapeControl, escapeJsonText } from '../../src/cli/escapeControl';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('escapeControl', () => {
  it('writes controls as visible escapes and leaves other text alone', () => {
    expect(escapeControl('a\u001b[31m\n\t\r\u0000\u009b\u202e张三 😀\\')).toBe('a\\x1b[31m\\n\\t\\r\\x00\\x9b\\u202e张三 😀\\\\');
  });

  it('leaves no unsafe character and is reversible (property)', () => {
    const unescape = (s: string) => s.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt\\])/g, (_, e: string) =>
      e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const out = escapeControl(text);
      return !UNSAFE.test(out) && unescape(out) === text;
    }));
  });

  it('escapeJsonText keeps JSON equal and free of unsafe characters (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const out = escapeJsonText(JSON.stringify({ text }, null, 2));
      return !UNSAFE.test(out.replace(/\n/g, '')) && JSON.parse(out).text === text;
    }));
  });
});
