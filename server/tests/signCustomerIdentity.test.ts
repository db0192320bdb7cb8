// The identity hash an app's backend gives the client (docs/protocol.md, "Identity verification"):
// the documented vectors, computed apart from the implementation by the openssl command line; the
// signed string is the server's own customer key; what the server verifies is exactly what the
// signer signs (property); bad input is a typed error naming the field.
import { execFileSync } from 'child_process';
import fc from 'fast-check';
import { UdeskValidationError } from 'taro-udesk/core';
import { signCustomerIdentity } from '../src/signCustomerIdentity';
import { verifyIdentityHash } from '../src/customerIdentity';
import { customerKeyOf } from '../src/validateEvent';

const SECRET = 'taro-udesk-example-identity-secret-0123456789';
const openssl = (secret: string, text: string) =>
  execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-r'], { input: Buffer.from(text, 'utf8') }).toString().split(' ')[0];

describe('signCustomerIdentity', () => {
  // The vectors of docs/protocol.md, as printed there.
  it.each([
    [{ customer_token: 'test_token', nick_name: 'jack' }, 'token:test_token', '4288b238d51733afec4d53f2b86ffefafbdb1ff1a198429a1682d9e472b06542'],
    [{ unionid: 'oFjmb5GxkNSWq_ZgeXJDbsY4pl_M', openid: 'oFjmb5GxkNSWq_ZgeXJDbsY4pl_X' }, 'unionid:oFjmb5GxkNSWq_ZgeXJDbsY4pl_M', '0c47ea58952ce5f64dd339a306a720648635090507b140a4981121856857fde3'],
    [{ customer_token: '张三-001', unionid: 'ignored-when-a-token-is-given' }, 'token:张三-001', '0c77489be49cecfa203d814688a8071f9d16d811fcf84f49854bd39118f2f394'],
  ])('signs the customer key of %j: the documented vector, and openssl agrees', (customer, key, vector) => {
    expect(customerKeyOf(customer)).toBe(key);
    const hash = signCustomerIdentity({ secret: SECRET, customer });
    expect(hash).toBe(vector);
    expect(hash).toBe(openssl(SECRET, key));
  });

  it('signs the strongest identifier given: customer_token, else unionid, else openid; empty ones are absent', () => {
    const sign = (customer: Record<string, string | null>) => signCustomerIdentity({ secret: SECRET, customer });
    expect(sign({ customer_token: '', unionid: null, openid: 'oOpenid_0123456789abcd' })).toBe(openssl(SECRET, 'openid:oOpenid_0123456789abcd'));
    expect(sign({ unionid: 'u-1', openid: 'o-1' })).toBe(openssl(SECRET, 'unionid:u-1'));
    // Kinds never meet: an openid equal to someone's token is not that token.
    expect(sign({ openid: 'x' })).not.toBe(sign({ customer_token: 'x' }));
  });

  it('is what the server verifies, for any customer and secret, and nothing else is (property)', () => {
    const identifier = fc.string({ minLength: 1, maxLength: 256 });
    const customer = fc.record({ customer_token: fc.option(identifier, { nil: undefined }), unionid: fc.option(identifier, { nil: undefined }), openid: identifier });
    const secret = fc.string({ minLength: 32, maxLength: 80 });
    fc.assert(fc.property(customer, secret, secret, (who, right, wrong) => {
      const key = customerKeyOf(who) as string;
      const hash = signCustomerIdentity({ secret: right, customer: who });
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyIdentityHash([right], key, hash)).toBe(true);
      expect(verifyIdentityHash([right], key, hash.toUpperCase())).toBe(true);
      // During a rotation either secret verifies.
      expect(verifyIdentityHash([wrong, right], key, hash)).toBe(true);
      if (wrong !== right) expect(verifyIdentityHash([wrong], key, hash)).toBe(false);
      expect(verifyIdentityHash([right], `${key}x`, hash)).toBe(false);
    }), { numRuns: 200 });
  });

  it.each([
    [{ secret: 'short', customer: { customer_token: 'c' } }, 'secret', /at least 32 characters/],
    [{ secret: undefined, customer: { customer_token: 'c' } }, 'secret', /identity secret/],
    [{ secret: SECRET, customer: null }, 'customer', /customer_token, unionid or openid/],
    [{ secret: SECRET, customer: { nick_name: 'only a nick' } }, 'customer', /customer_token, unionid or openid/],
    [{ secret: SECRET, customer: {} }, 'customer', /customer_token, unionid or openid/],
    [{ secret: SECRET, customer: { customer_token: 42 } }, 'customer.customer_token', /string of 1 to 256/],
    [{ secret: SECRET, customer: { unionid: 'u'.repeat(257) } }, 'customer.unionid', /string of 1 to 256/],
    [null, 'options', /secret, customer/],
  ])('refuses %j with a typed error naming %s', (options, path, rule) => {
    let thrown: unknown;
    try {
      signCustomerIdentity(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UdeskValidationError);
    expect(thrown).toMatchObject({ path, rule: expect.stringMatching(rule) });
  });
});
