// Session-from at its edges (issue 13, defect 8): keys named like Object.prototype's members,
// a non-string given to the inspector, throwing getters, toJSON smuggling, huge field counts.
import { composeSessionFrom, inspectSessionFrom, parseSessionFrom } from 'taro-udesk/core';

describe('session-from edges', () => {
  it.each(['toString', 'constructor', 'valueOf', '__proto__', 'hasOwnProperty'])('reads a segment named %s as any other', (key) => {
    const parsed = parseSessionFrom(`udesk|n|a|${key}^x`);
    expect(Object.getOwnPropertyDescriptor(parsed.extra, key)?.value).toBe('x');
    expect(inspectSessionFrom(`udesk|n|a|${key}^x`).warnings).toEqual([]);
  });

  it.each([undefined, null, 42, {}])('inspects %p without throwing', (value) => {
    const result = inspectSessionFrom(value as never);
    expect(result.warnings.join('\n')).toMatch(/must be a string/);
  });

  it('reports a throwing getter as an invalid field instead of throwing', () => {
    const customer = Object.defineProperty({ customer_name: 'Jack' }, 'email', {
      enumerable: true,
      get: () => {
        throw new Error('getter broke');
      },
    });
    const result = composeSessionFrom({ customer });
    expect(result.value).toContain('"customer_name":"Jack"');
    expect(result.errors.map((e) => e.path)).toEqual(['customer.email']);
  });

  it('never lets a toJSON on a list put other data into the value', () => {
    const cellphones = [['', '13100000000']] as unknown as { toJSON?: () => unknown };
    cellphones.toJSON = () => ({ customer_token: 'someone-else' });
    const tags = ['a'] as unknown as { toJSON?: () => unknown };
    const select = ['1'] as unknown as { toJSON?: () => unknown };
    select.toJSON = () => 'someone-else';
    const result = composeSessionFrom({ customer: { customer_name: 'J', cellphones, tags, custom_fields: { SelectField_1: select } } as never });
    expect(result.value).not.toContain('someone-else');
    expect(result.value).toContain('13100000000');
  });

  it('refuses more custom fields than a value could ever hold, naming the field', () => {
    const custom_fields: Record<string, string> = {};
    for (let i = 0; i < 50_000; i++) custom_fields[`TextField_${i}`] = 'x';
    const result = composeSessionFrom({ customer: { customer_name: 'J', custom_fields } });
    expect(result.errors.map((e) => e.path)).toEqual(['customer.custom_fields']);
    expect(result.errors[0].rule).toMatch(/at most \d+ fields/);
    expect(result.value).toContain('"customer_name":"J"');
  });
});
