import { buildSessionFrom, inspectSessionFrom } from 'taro-udesk/core';
import { specInput } from '../../fixtures/specExample';

describe('inspectSessionFrom', () => {
  it('finds nothing wrong with what buildSessionFrom makes', () => {
    const value = buildSessionFrom(specInput);
    const report = inspectSessionFrom(value);
    expect(report.warnings).toEqual([]);
    expect(report.bytes).toBe(Buffer.byteLength(value));
    expect(report.parsed.customer).toMatchObject({ customer_token: 'test_token' });
  });

  it('recognises a value WeChat cut at 1024 characters', () => {
    const value = `udesk|n|a|customer^{"description":"${'x'.repeat(2000)}"}`.slice(0, 1024);
    const report = inspectSessionFrom(value);
    expect(report.warnings[0]).toMatch(/exactly 1024 characters with a broken tail: WeChat cut this value/);
    expect(report.warnings).toContain('1024 bytes, over the budget of 1000 bytes');
    expect(report.warnings.some((w) => /"customer" is not valid JSON/.test(w))).toBe(true);
  });

  it('warns about values over budget and about unknown or invalid fields, without throwing', () => {
    const report = inspectSessionFrom('udesk|n|a|customer^{"customerName":"x","email":"nope"}|unionid^a|b', 50);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^\d+ bytes, over the budget of 50 bytes$/),
      expect.stringMatching(/segment 6 \("b"\) is not key\^value/),
      expect.stringMatching(/^unionid: must be a WeChat unionid/),
      expect.stringMatching(/^customer.email: must be an e-mail/),
      expect.stringMatching(/^customer.customerName: unknown field/),
    ]);
  });

  it('does not take a segment without ^ for a key seen before', () => {
    expect(inspectSessionFrom('udesk|n|a|abc|ab^x').warnings).toEqual([expect.stringMatching(/segment 4 \("abc"\) is not key\^value/)]);
  });

  it('reports, not throws, a value from another vendor', () => {
    expect(inspectSessionFrom('sobot|n|a').warnings).toEqual([expect.stringMatching(/must start with "udesk\|"/)]);
  });
});
