import fc from 'fast-check';
import { utf8ByteLength } from 'taro-udesk/core';

describe('utf8ByteLength', () => {
  it('counts as Node encodes, lone surrogates as the 3 bytes of U+FFFD', () => {
    // Any UTF-16 units, so pairs, lone high and lone low surrogates all occur, next to ASCII and CJK.
    const units = fc.oneof(
      fc.integer({ min: 0, max: 0x7f }),
      fc.integer({ min: 0x80, max: 0x7ff }),
      fc.integer({ min: 0x800, max: 0xffff }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    );
    fc.assert(
      fc.property(fc.array(units, { maxLength: 64 }), (codes) => {
        const s = String.fromCharCode(...codes);
        expect(utf8ByteLength(s)).toBe(Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a pair as 4 bytes and a lone surrogate at either end as 3', () => {
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud83d')).toBe(3);
    expect(utf8ByteLength('a\ude00')).toBe(4);
    expect(utf8ByteLength('\ude00\ud83d')).toBe(6);
  });
});
