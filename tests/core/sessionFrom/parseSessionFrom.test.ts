import { parseSessionFrom, UdeskParseError } from 'taro-udesk/core';

describe('parseSessionFrom', () => {
  it('reads the short forms of Udesk\'s reference demo', () => {
    expect(parseSessionFrom('udesk|jack|https://a.cn/x.png')).toEqual({ nickName: 'jack', avatar: 'https://a.cn/x.png', extra: {} });
    expect(parseSessionFrom('udesk|jack|a|customer^{"customer_name":"J"}|note^{"title":"T"}')).toEqual({
      nickName: 'jack', avatar: 'a', customer: { customer_name: 'J' }, note: { title: 'T' }, extra: {},
    });
  });

  it('keeps segments Udesk has not documented', () => {
    expect(parseSessionFrom('udesk|n|a|assign^{"agent_id":1}').extra).toEqual({ assign: '{"agent_id":1}' });
  });

  it.each([
    ['another vendor\'s value', 'sobot|n|a|{}', /must start with "udesk\|"/],
    ['WeChat\'s default', 'wxapp', /must start with "udesk\|"/],
    ['a segment without ^', 'udesk|n|a|customer', /is not key\^value/],
    ['a repeated segment', 'udesk|n|a|unionid^a|unionid^b', /appears twice/],
    ['malformed JSON', 'udesk|n|a|customer^{"customer_name":"J', /"customer" is not valid JSON/],
    ['JSON that is not an object', 'udesk|n|a|note^[1]', /must be a JSON object/],
  ])('throws UdeskParseError for %s', (_, value, message) => {
    expect(() => parseSessionFrom(value)).toThrow(UdeskParseError);
    expect(() => parseSessionFrom(value)).toThrow(message);
  });

  it('throws for a value that is not a string', () => {
    expect(() => parseSessionFrom(undefined as never)).toThrow(UdeskParseError);
  });
});
