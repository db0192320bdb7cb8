/**
 * UTF-8 byte length of a string, as WeChat and Udesk count it. A lone surrogate counts as the
 * 3 bytes of the U+FFFD it becomes when encoded. No TextEncoder: not every mini program
 * runtime has one, and a loop over char codes is faster for short strings.
 */
const NON_ASCII = /[\u0080-\uffff]/;

export function utf8ByteLength(value: string): number {
  if (!NON_ASCII.test(value)) return value.length; // the common case, and a fast one
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
