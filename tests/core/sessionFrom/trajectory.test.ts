import fc from 'fast-check';
import { buildSessionFrom, buildWebImUrl, composeSessionFrom, parseSessionFrom, TRIM_ORDER, UdeskValidationError } from 'taro-udesk/core';
import type { SessionFromInput } from 'taro-udesk/core';
import { specInput } from '../../fixtures/specExample';

const url = 'https://trajectory.example-shop.cn/t/0123456789abcdef0123456789abcdef';
const trajectory = { field: 'TextField_12', url };
const PATH = 'customer.custom_fields.TextField_12';

describe('the trajectory link in the session-from', () => {
  it("goes into the customer's custom field of that name, beside the others", () => {
    const value = buildSessionFrom({ nickName: 'n', customer: { customer_token: 't', custom_fields: { TextField_3: 'x' } } }, { trajectory });
    expect(parseSessionFrom(value).customer).toEqual({ customer_token: 't', custom_fields: { TextField_3: 'x', TextField_12: url } });
  });

  it('changes nothing without a url (the link not known yet)', () => {
    expect(buildSessionFrom(specInput, { trajectory: { field: 'TextField_12' } })).toBe(buildSessionFrom(specInput));
  });

  it('is in TRIM_ORDER right before identity', () => {
    expect(TRIM_ORDER.slice(-4)).toEqual(['trajectory', 'customer.customer_token', 'unionid', 'customer.customer_name']);
  });

  it('is the last thing left out before identity', () => {
    // Budgets from roomy to tight: no identity field is ever left out while the link stays.
    // (A smaller field ranked below may stay when the link itself does not fit: see the property.)
    for (let maxBytes = 1000; maxBytes >= 100; maxBytes -= 10) {
      const result = composeSessionFrom(specInput, { maxBytes, trajectory });
      const at = result.trimmed.indexOf(PATH);
      if (at < 0) {
        expect(result.trimmed.some((p) => ['customer.customer_token', 'unionid', 'customer.customer_name'].includes(p))).toBe(false);
        continue;
      }
      expect(result.trimmed.slice(0, at).some((p) => ['customer.customer_token', 'unionid', 'customer.customer_name'].includes(p))).toBe(false);
    }
    // Exactly identity plus the link: the link is kept, e-mail and phones (ranked below) are not.
    const { customer_name, customer_token } = specInput.customer;
    const fit = composeSessionFrom({ customer: { customer_name, customer_token }, unionid: specInput.unionid }, { trajectory }).fullBytes;
    const tight = composeSessionFrom(specInput, { maxBytes: fit, trajectory });
    expect(tight.trimmed).not.toContain(PATH);
    expect(tight.trimmed).toContain('customer.email');
    expect(tight.trimmed).toContain('customer.cellphones');
    expect(parseSessionFrom(tight.value).customer!.custom_fields).toEqual({ TextField_12: url });
  });

  it('puts the link in the web IM link as c_cf_<field>', () => {
    const link = buildWebImUrl('https://x.udesk.cn/im_client/?web_plugin_id=1', { customer: { custom_fields: { TextField_12: 'given' } } }, undefined, trajectory);
    expect(new URL(link).searchParams.get('c_cf_TextField_12')).toBe(url);
  });

  it.each([
    [{ field: 'SelectField_1', url }, 'trajectory.field'],
    [{ field: 'TextField_', url }, 'trajectory.field'],
    [{ field: 'TextField_1', url: 42 }, 'trajectory.url'],
    [null, 'trajectory.field'],
  ])('refuses %p with a typed error naming it', (option, path) => {
    let thrown: unknown;
    try {
      composeSessionFrom({}, { trajectory: option as never });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UdeskValidationError);
    expect((thrown as UdeskValidationError).path).toBe(path);
  });

  it('property: the link is left out only when identity alone plus the link do not fit', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '长', '😀', '|', '^', '"'), maxLength: 80 });
    const input: fc.Arbitrary<SessionFromInput> = fc.record(
      {
        nickName: text,
        customer: fc.record(
          {
            customer_name: text,
            customer_token: text,
            email: fc.constantFrom('a@b.cn', 'someone.long@example-shop.cn'),
            description: text,
            custom_fields: fc.dictionary(fc.nat({ max: 20 }).map((n) => `TextField_${n}`), text, { maxKeys: 4 }),
          },
          { requiredKeys: [] },
        ),
        note: fc.record({ title: text }, { requiredKeys: [] }),
        unionid: fc.stringMatching(/^o[A-Za-z0-9_-]{27}$/),
      },
      { requiredKeys: [] },
    );
    const option = fc.record({ field: fc.nat({ max: 20 }).map((n) => `TextField_${n}`), url: fc.webUrl({ withQueryParameters: true }) });
    fc.assert(
      fc.property(input, option, fc.integer({ min: 16, max: 1024 }), (given, link, maxBytes) => {
        const result = composeSessionFrom(given, { maxBytes, trajectory: link });
        const path = 'customer.custom_fields.' + link.field;
        const parsed = parseSessionFrom(result.value);
        const identity: SessionFromInput = {
          customer: { customer_name: parsed.customer?.customer_name, customer_token: parsed.customer?.customer_token } as never,
          unionid: parsed.unionid,
        };
        const identityAndLink = composeSessionFrom(identity, { maxBytes: 1024, trajectory: link }).fullBytes;
        expect(result.trimmed.includes(path)).toBe(identityAndLink > maxBytes);
        if (!result.trimmed.includes(path)) expect((parsed.customer!.custom_fields as Record<string, unknown>)[link.field]).toBe(link.url);
        expect(result.bytes).toBeLessThanOrEqual(maxBytes);
      }),
      { numRuns: 300 },
    );
  });
});
