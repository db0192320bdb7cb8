import {
  buildSessionFrom,
  composeSessionFrom,
  parseSessionFrom,
  utf8ByteLength,
  UdeskOverflowError,
  UdeskValidationError,
  TRIM_ORDER,
} from 'taro-udesk/core';
import { naiveSessionFrom, specCustomer, specInput, specNote } from '../../fixtures/specExample';

describe('buildSessionFrom', () => {
  it('writes the spec example in the spec structure, and reads back to the same data', () => {
    const value = buildSessionFrom(specInput);
    expect(value.split('|').map((s) => s.split('^')[0])).toEqual([
      'udesk', 'jack', specInput.avatar, 'customer', 'note', 'unionid',
    ]);
    expect(value).toMatch(/^udesk\|jack\|https:\/\/www\.udesk\.cn\/images\/index\/logo1124\.png\|customer\^\{.*\}\|note\^\{.*\}\|unionid\^ocpX10_1hQmCVGXzKrMwu-g7yuzU$/);
    const parsed = parseSessionFrom(value);
    expect(parsed).toEqual({ ...specInput, extra: {} });
    // Same content as the spec's own JSON.stringify, byte for byte in size.
    expect(utf8ByteLength(value)).toBe(utf8ByteLength(naiveSessionFrom(specInput)));
  });

  it('writes keys most useful first (the reverse of TRIM_ORDER) whatever the input order', () => {
    const reversed = Object.fromEntries(Object.entries(specCustomer).reverse());
    expect(buildSessionFrom({ customer: reversed })).toBe(buildSessionFrom({ customer: specCustomer }));
    const json = buildSessionFrom({ customer: specCustomer }).split('customer^')[1];
    expect(Object.keys(JSON.parse(json))).toEqual([
      'customer_name', 'customer_token', 'email', 'cellphones', 'organization_id', 'owner_id', 'owner_group_id',
      'level', 'generated_channel', 'tags', 'ip', 'other_emails', 'custom_fields', 'description',
    ]);
    const ranked = TRIM_ORDER.slice().reverse().filter((p) => p.startsWith('customer.')).map((p) => p.split('.')[1]);
    expect(Object.keys(JSON.parse(json))).toEqual(ranked.filter((k) => k in specCustomer));
  });

  it('sorts custom fields by kind and id so equal content gives an equal string', () => {
    const a = buildSessionFrom({ note: { custom_fields: { SelectField_2: ['1'], TextField_10: 'b', TextField_9: 'a' } } });
    const b = buildSessionFrom({ note: { custom_fields: { TextField_9: 'a', SelectField_2: ['1'], TextField_10: 'b' } } });
    expect(a).toBe(b);
    expect(a).toBe('udesk|||note^{"custom_fields":{"TextField_9":"a","TextField_10":"b","SelectField_2":["1"]}}');
  });

  it('leaves out segments with no data but keeps the positional nick and avatar slots', () => {
    expect(buildSessionFrom({})).toBe('udesk||');
    expect(buildSessionFrom({ nickName: 'jack' })).toBe('udesk|jack|');
    expect(buildSessionFrom({ unionid: specInput.unionid })).toBe(`udesk|||unionid^${specInput.unionid}`);
    expect(buildSessionFrom({ customer: {}, note: { custom_fields: {} } })).toBe('udesk||');
    expect(buildSessionFrom({ customer: { email: undefined, customer_name: 'A' } })).toBe('udesk|||customer^{"customer_name":"A"}');
  });

  it('normalises tags arrays and friendly phone and e-mail objects', () => {
    const parsed = parseSessionFrom(
      buildSessionFrom({
        customer: {
          tags: ['vip', 'new'],
          cellphones: [{ cellphone: '13100000002' }, { id: 3, cellphone: '13100000003' }, [null, '13100000004']],
          other_emails: [{ id: '1', other_email: 'a@b.cn' }],
        },
      }),
    );
    expect(parsed.customer).toEqual({
      tags: 'vip,new',
      cellphones: [['', '13100000002'], [3, '13100000003'], [null, '13100000004']],
      other_emails: [['1', 'a@b.cn']],
    });
  });

  describe('injection', () => {
    it('keeps a hostile nickname a nickname', () => {
      const nickName = 'x|customer^{"customer_token":"someone-else"}';
      const value = buildSessionFrom({ nickName, customer: { customer_token: 'me' } });
      const parsed = parseSessionFrom(value);
      expect(parsed.nickName).toBe('x｜customer＾{"customer_token":"someone-else"}');
      expect(parsed.customer).toEqual({ customer_token: 'me' });
      expect(value.split('|')).toHaveLength(4);
    });

    it('escapes separators inside JSON and percent-encodes them in the avatar', () => {
      const value = buildSessionFrom({
        avatar: 'https://x.cn/a|b^c.png',
        customer: { customer_name: 'a|unionid^oEvil', description: '^|\\|' },
      });
      expect(value).toBe('udesk||https://x.cn/a%7Cb%5Ec.png|customer^{"customer_name":"a\\u007cunionid\\u005eoEvil","description":"\\u005e\\u007c\\\\\\u007c"}');
      const parsed = parseSessionFrom(value);
      expect(parsed.customer).toEqual({ customer_name: 'a|unionid^oEvil', description: '^|\\|' });
      expect(parsed.unionid).toBeUndefined();
    });

    it('turns lone surrogates into U+FFFD so the value stays valid UTF-8', () => {
      const value = buildSessionFrom({ nickName: 'a\ud800b', customer: { customer_name: '\udc00' } });
      expect(value).toBe('udesk|a\ufffdb||customer^{"customer_name":"\\udc00"}');
    });
  });

  describe('byte budget', () => {
    const long = (n: number) => '长'.repeat(n); // 3 bytes each

    it('leaves out whole fields in TRIM_ORDER, keeps identity, and reports what went', () => {
      const onTrim = jest.fn();
      const input = {
        ...specInput,
        customer: { ...specCustomer, description: long(200) },
        note: { ...specNote, custom_fields: { TextField_1: long(100), TextField_2: 'short' } },
      };
      const value = buildSessionFrom(input, { onTrim });
      expect(utf8ByteLength(value)).toBeLessThanOrEqual(1000);
      expect(onTrim).toHaveBeenCalledTimes(1);
      const trimmed: string[] = onTrim.mock.calls[0][0];
      expect(trimmed).toEqual(['customer.description']);
      const parsed = parseSessionFrom(value);
      expect(parsed.customer?.customer_token).toBe('test_token');
      expect(parsed.unionid).toBe(specInput.unionid);
    });

    it('puts back smaller fields after a large one had to go', () => {
      const r = composeSessionFrom({
        customer: { customer_name: 'N', tags: 'a,b', custom_fields: { TextField_1: long(400) } },
        note: { title: 'T' },
      });
      // custom_fields ranks before tags, so tags survive; nothing smaller was sacrificed.
      expect(r.trimmed).toEqual(['customer.custom_fields.TextField_1']);
      expect(parseSessionFrom(r.value).customer).toEqual({ customer_name: 'N', tags: 'a,b' });
    });

    it('keeps the customer name longest', () => {
      const r = composeSessionFrom(
        { nickName: 'n', customer: { customer_name: 'Name', customer_token: 't'.repeat(40), email: 'a@b.cn' }, unionid: specInput.unionid },
        { maxBytes: 41 },
      );
      expect(r.value).toBe('udesk|||customer^{"customer_name":"Name"}');
      expect(r.trimmed).toEqual(['nickName', 'customer.email', 'customer.customer_token', 'unionid']);
      expect(r.fullBytes).toBeGreaterThan(41);
    });

    it('never leaves out anything while it fits', () => {
      const r = composeSessionFrom(specInput);
      expect(r.trimmed).toEqual([]);
      expect(r.bytes).toBe(r.fullBytes);
    });

    it('throws UdeskOverflowError with the measured and allowed bytes when asked to', () => {
      const input = { customer: { description: long(400) } };
      let error: unknown;
      try {
        buildSessionFrom(input, { overflow: 'throw' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UdeskOverflowError);
      const bytes = utf8ByteLength(`udesk|||customer^{"description":"${long(400)}"}`);
      expect(error).toMatchObject({ bytes, maxBytes: 1000 });
      expect((error as Error).message).toContain(`${bytes} UTF-8 bytes, over the allowed 1000`);
    });

    it('rejects a budget WeChat would cut anyway', () => {
      expect(() => buildSessionFrom({}, { maxBytes: 2000 })).toThrow(/maxBytes: must be a whole number from 16 to 1024/);
      expect(() => buildSessionFrom({}, { maxBytes: 1.5 })).toThrow(UdeskValidationError);
      expect(() => buildSessionFrom({}, { maxBytes: '100' as never })).toThrow(/maxBytes: must be a whole number/);
    });

    it('lists every trimmable field path in TRIM_ORDER, identity last', () => {
      expect(TRIM_ORDER.slice(-3)).toEqual(['customer.customer_token', 'unionid', 'customer.customer_name']);
    });
  });

  it('throws the first invalid field as UdeskValidationError', () => {
    expect(() => buildSessionFrom({ customer: { customerName: 'x' } as never })).toThrow(UdeskValidationError);
  });
});
