/**
 * The kinds of value both validators (trace data, session-from input) check fields against,
 * by one name each: `customer.email:email` and `pay_at:date` in their field tables, and the
 * key of each validator's messages.
 */
export type RuleKind =
  // shared
  | 'string'
  | 'number'
  | 'object'
  // trace data
  | 'boolean'
  | 'date'
  | 'colour'
  | 'stringOrNumber'
  | 'remark'
  | 'orderStatus'
  | 'list'
  // session-from input
  | 'numericId'
  | 'email'
  | 'tags'
  | 'cellphones'
  | 'otherEmails'
  | 'customFields'
  | 'unionid'
  | 'customFieldName'
  | 'selectOptions';
