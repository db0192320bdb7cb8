import { buildWebImUrl, UdeskValidationError } from 'taro-udesk/core';
import type { WebImCustomer } from 'taro-udesk/core';

describe('buildWebImUrl', () => {
  const base = 'https://demo.udesk.cn/im_client/?web_plugin_id=1';

  it('adds Udesk\'s customer parameters, URL-encoded', () => {
    expect(
      buildWebImUrl(base, {
        customer: { customer_name: '张 三&', email: 'a@b.cn', cellphones: [{ cellphone: '131' }], custom_fields: { TextField_2: 'x', SelectField_1: ['0'] } },
      }),
    ).toBe(`${base}&c_name=${encodeURIComponent('张 三&')}&c_email=a%40b.cn&c_phone=131&c_cf_TextField_2=x`);
  });

  it('falls back to the nickname for the name, keeps a fragment last, and leaves a bare link alone', () => {
    expect(buildWebImUrl('https://x.cn/im#top', { nickName: 'jack' })).toBe('https://x.cn/im?c_name=jack#top');
    expect(buildWebImUrl(base, {})).toBe(base);
  });

  it('leaves invalid fields out', () => {
    expect(buildWebImUrl(base, { customer: { email: 'nope', customer_name: 'n' } })).toBe(`${base}&c_name=n`);
  });

  const signed: WebImCustomer = { nonce: 'n1', timestamp: '1795600000000', web_token: 'u_1', signature: 'AB12', encryption_algorithm: 'SHA256' };

  it('puts a signed identity first, all five parameters, beside the profile', () => {
    const url = new URL(buildWebImUrl(base, { customer: { customer_name: 'J' } }, signed));
    expect([...url.searchParams.keys()]).toEqual(['web_plugin_id', 'nonce', 'timestamp', 'web_token', 'signature', 'encryption_algorithm', 'c_name']);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ ...signed, c_name: 'J' });
  });

  it('throws for an incomplete signed identity, naming the missing parameter', () => {
    const partial = { ...signed, signature: '' };
    expect(() => buildWebImUrl(base, {}, partial)).toThrow(UdeskValidationError);
    expect(() => buildWebImUrl(base, {}, partial)).toThrow('webImCustomer.signature: is required');
  });
});
