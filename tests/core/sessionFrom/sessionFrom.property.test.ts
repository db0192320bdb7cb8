import fc from 'fast-check';
import { buildSessionFrom, composeSessionFrom, parseSessionFrom, utf8ByteLength } from 'taro-udesk/core';
import type { SessionFromInput } from 'taro-udesk/core';

// Strings full of what breaks naive concatenation: separators, quotes, backslashes, CJK, emoji,
// and lone surrogates, from the whole of Unicode.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('|', '^', '"', '\\', '{', '}', '长', '😀', 'a', '\ud800', '\udc00', '\u0000') }),
  fc.string({ unit: 'binary', maxLength: 120 }),
);
const pairId = fc.oneof(fc.constant(''), fc.constant(null), fc.nat().map(String));
const customFields = fc.dictionary(
  fc.oneof(fc.nat({ max: 50 }).map((n) => `TextField_${n}`)),
  nasty,
  { maxKeys: 4 },
);
const input: fc.Arbitrary<SessionFromInput> = fc.record(
  {
    nickName: nasty,
    avatar: nasty,
    customer: fc.record(
      {
        customer_name: nasty,
        nick_name: nasty,
        description: nasty,
        customer_token: nasty,
        level: fc.constantFrom('normal', 'vip'),
        organization_id: fc.nat(),
        tags: fc.array(nasty.map((s) => s.replace(/,/g, '')), { maxLength: 3 }),
        cellphones: fc.array(fc.tuple(pairId, fc.stringMatching(/^1[0-9]{10}$/)), { maxLength: 2 }),
        custom_fields: customFields,
      },
      { requiredKeys: [] },
    ),
    note: fc.record({ title: nasty, custom_fields: customFields }, { requiredKeys: [] }),
    unionid: fc.stringMatching(/^o[A-Za-z0-9_-]{27}$/),
  },
  { requiredKeys: [] },
);

const isWellFormed = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;
const maxBytes = fc.oneof(fc.constant(1000), fc.integer({ min: 16, max: 1024 }));

describe('buildSessionFrom over arbitrary input', () => {
  it('is valid UTF-8 within budget, with only the expected separators, and every JSON segment parses', () => {
    fc.assert(
      fc.property(input, maxBytes, (x, max) => {
        const value = buildSessionFrom(x, { maxBytes: max });
        expect(utf8ByteLength(value)).toBeLessThanOrEqual(max);
        expect(Buffer.byteLength(value, 'utf8')).toBe(utf8ByteLength(value));
        expect(isWellFormed(value)).toBe(true);
        const parts = value.split('|');
        expect(parts[0]).toBe('udesk');
        expect(parts.slice(3).map((p) => p.split('^')[0])).toEqual(
          ['customer', 'note', 'unionid'].filter((k) => parts.some((p) => p.startsWith(k + '^'))),
        );
        for (const p of parts.slice(3)) expect(p.split('^')).toHaveLength(2);
        const parsed = parseSessionFrom(value); // throws if a JSON segment does not parse
        expect(parsed.extra).toEqual({});
      }),
      { numRuns: 400 },
    );
  });

  it('reads back what went in, apart from nickname replacements and trimmed fields', () => {
    fc.assert(
      fc.property(input, maxBytes, (x, max) => {
        const { value, trimmed } = composeSessionFrom(x, { maxBytes: max });
        const parsed = parseSessionFrom(value);
        const gone = new Set(trimmed);
        const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
        const expectedNick = gone.has('nickName') || !x.nickName ? '' : wellFormed(x.nickName).replace(/\|/g, '｜').replace(/\^/g, '＾');
        expect(parsed.nickName).toBe(expectedNick);
        if (x.avatar && !gone.has('avatar')) {
          expect(parsed.avatar).toBe(wellFormed(x.avatar).replace(/\|/g, '%7C').replace(/\^/g, '%5E'));
        } else expect(parsed.avatar).toBe('');
        expect(parsed.unionid).toBe(x.unionid && !gone.has('unionid') ? x.unionid : undefined);
        for (const segment of ['customer', 'note'] as const) {
          const source = (x[segment] || {}) as Record<string, unknown>;
          const back = (parsed[segment] || {}) as Record<string, unknown>;
          for (const key of Object.keys(source)) {
            const path = `${segment}.${key}`;
            const sent = key === 'tags' ? (source[key] as string[]).join(',') : source[key];
            if (key === 'custom_fields') {
              const fields = sent as Record<string, string>;
              for (const name of Object.keys(fields)) {
                const kept = !gone.has(`${path}.${name}`) && fields[name] !== ''; // '' counts as absent here too
                expect((back.custom_fields as Record<string, string> | undefined)?.[name]).toEqual(kept ? fields[name] : undefined);
              }
            } else expect(back[key]).toEqual(gone.has(path) || sent === '' ? undefined : sent); // '' counts as absent
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same string for the same input', () => {
    fc.assert(
      fc.property(input, (x) => {
        expect(buildSessionFrom(structuredClone(x))).toBe(buildSessionFrom(x));
      }),
    );
  });
});
