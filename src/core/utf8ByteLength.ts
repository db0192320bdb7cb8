/**
 * UTF-8 byte length of a string, as WeChat and Udesk count it. A lone surrogate counts as the
 * 3 bytes of the U+FFFD it becomes when encoded. No TextEncoder: not every mini program
 * runtime has one, and a loop over char codes is fast for strings this short.
 */
export function utf8ByteLength(value: string): number {
  let bytes = value.length;
  if (!/[^\0-\x7f]/.test(value)) return bytes; // all ASCII: the common case, and a regex scans it faster
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // 2 bytes below U+0800; 3 for the rest of the BMP and a lone surrogate; 4 for a pair (2 units).
    if (c > 127) bytes += c < 2048 ? 1 : (c >> 10 === 54 && value.charCodeAt(i + 1) >> 10 === 55 && i++, 2);
  }
  return bytes;
}
