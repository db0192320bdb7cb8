import { buildSessionFrom, validateSessionInput, UdeskValidationError, CUSTOMER_KEYS } from 'taro-udesk/core';
import type { SessionFromInput } from 'taro-udesk/core';

/** The error buildSessionFrom throws for an input, checked to be typed and to name a field. */
const errorOf = (input: unknown): UdeskValidationError => {
  try {
    buildSessionFrom(input as SessionFromInput);
  } catch (e) {
    expect(e).toBeInstanceOf(UdeskValidationError);
    return e as UdeskValidationError;
  }
  throw new Error('expected a validation error');
};

describe('validation: each rule names the field and the rule', () => {
  it.each([
    ['a typo in a customer field', { customer: { customerName: 'x' } }, 'customer.customerName', /unknown field; valid fields are customer_name, customer_token, email, cellphones, nick_name/],
    ['cellphone for cellphones', { customer: { cellphone: '1' } }, 'customer.cellphone', /unknown field/],
    ['a typo at the top', { nick_name: 'x' }, 'nick_name', /valid fields are customer, unionid, note, nickName, avatar$/],
    ['a typo in the note', { note: { titel: 'x' } }, 'note.titel', /valid fields are title, custom_fields/],
    ['organization_id not numeric', { customer: { organization_id: 'acme' } }, 'customer.organization_id', /numeric id \(a whole number or digits\)/],
    ['owner_id a fraction', { customer: { owner_id: 1.5 } }, 'customer.owner_id', /numeric id \(a whole number or digits\)/],
    ['owner_group_id negative', { customer: { owner_group_id: -1 } }, 'customer.owner_group_id', /numeric id \(a whole number or digits\)/],
    ['organization_id an array of digits', { customer: { organization_id: ['12'] } }, 'customer.organization_id', /numeric id/],
    ['unionid a long number', { unionid: 12345678901234567000 }, 'unionid', /must be a WeChat unionid/],
    ['email without @', { customer: { email: 'nobody' } }, 'customer.email', /must be an e-mail address/],
    ['other_emails entry not an e-mail', { customer: { other_emails: [['', 'x']] } }, 'customer.other_emails', /other_email.*e-mail addresses/],
    ['cellphones not an array', { customer: { cellphones: '131' } }, 'customer.cellphones', /must be \[\[id, cellphone\]\] pairs/],
    ['cellphones with a wrong object', { customer: { cellphones: [{ phone: '1' }] } }, 'customer.cellphones', /\{ id\?, cellphone \}/],
    ['cellphones with an object id', { customer: { cellphones: [[{}, '1']] } }, 'customer.cellphones', /id "", null, string or number/],
    ['cellphones with an empty number', { customer: { cellphones: [['', '']] } }, 'customer.cellphones', /\[\[id, cellphone\]\] pairs/],
    ['tags of numbers', { customer: { tags: [1, 2] } }, 'customer.tags', /comma-separated string or an array of strings/],
    ['a tag with a comma', { customer: { tags: ['a', 'b,c'] } }, 'customer.tags', /array of strings without commas/],
    ['a string field given a number', { customer: { customer_name: 7 } }, 'customer.customer_name', /must be a string/],
    ['a badly named custom field', { customer: { custom_fields: { Field_1: 'x' } } }, 'customer.custom_fields.Field_1', /TextField_<n> or SelectField_<n>/],
    ['a TextField given a number', { note: { custom_fields: { TextField_2: 3 } } }, 'note.custom_fields.TextField_2', /must be a string/],
    ['a SelectField given a string', { note: { custom_fields: { SelectField_2: '0' } } }, 'note.custom_fields.SelectField_2', /must be option indexes as strings/],
    ['a SelectField given words', { customer: { custom_fields: { SelectField_2: ['red'] } } }, 'customer.custom_fields.SelectField_2', /option indexes/],
    ['custom_fields not an object', { customer: { custom_fields: [] } }, 'customer.custom_fields', /must be an object/],
    ['unionid with a separator', { unionid: 'ocpX10_1hQmCVGXzKrMwu|g7yuzU' }, 'unionid', /must be a WeChat unionid/],
    ['unionid too short', { unionid: 'abc' }, 'unionid', /must be a WeChat unionid/],
    ['nickName not a string', { nickName: 12 }, 'nickName', /must be a string/],
    ['customer not an object', { customer: 'x' }, 'customer', /must be an object/],
    ['input not an object', 'udesk|x', 'input', /must be an object/],
  ])('%s', (_, input, path, rule) => {
    const error = errorOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(rule);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.name).toBe('UdeskValidationError');
  });

  it('accepts every form the spec shows for pairs', () => {
    expect(validateSessionInput({ customer: { cellphones: [['', '1'], [null, '2'], ['3', '3'], [4, '4']] } }).errors).toEqual([]);
  });

  it('collects every problem and keeps the valid fields', () => {
    const { session, errors } = validateSessionInput({ customer: { email: 'bad', customer_name: 'ok', owner_id: 'x' } });
    expect(errors.map((e) => e.path)).toEqual(['customer.email', 'customer.owner_id']);
    expect(session).toEqual({ customer: { customer_name: 'ok' } });
  });

  it('types all 16 customer fields of the spec table', () => {
    expect(CUSTOMER_KEYS).toHaveLength(16);
  });
});
