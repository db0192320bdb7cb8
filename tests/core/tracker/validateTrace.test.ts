import { validateTrace, UdeskValidationError } from 'taro-udesk/core';

const product = { name: 'Apple iPhone X', url: 'https://item.jd.com/6748052.html', imgUrl: 'https://x.cn/a.jpg', params: [{ text: '¥6999.00', color: '#FF0000', fold: false, break: false, size: 12 }] };
const order = {
  order_no: '1000', name: 'First Order', url: 'https://x.com/o', price: 16.8, order_at: new Date(0), pay_at: new Date(1000),
  status: 'wait_pay' as const, remark: 'Remarks', consignee_name: 'jack', consignee_phone: '01012345', consignee_address: 'Beijing, Daxing District',
  commodit_num: 88, commodities: [{ commodit_name: 'Milk A', commodit_no: 'NO123456', commodit_count: 1, commodit_fee: '46.5' }],
};

const errorOf = (type: string, data: unknown) => {
  try {
    validateTrace(type as 'order', data as never);
  } catch (e) {
    expect(e).toBeInstanceOf(UdeskValidationError);
    return e as UdeskValidationError;
  }
  throw new Error('expected an error');
};

describe('validateTrace', () => {
  it('accepts the spec examples as they are', () => {
    expect(validateTrace('product', product)).toEqual(product);
    expect(validateTrace('order', order)).toEqual(order);
  });

  it('fills the default font size and takes a single params object as a list', () => {
    expect(validateTrace('product', { name: 'n', params: { text: 'a' } as never }).params).toEqual([{ text: 'a', size: 12 }]);
  });

  it('takes timestamps for dates', () => {
    expect(validateTrace('order', { ...order, order_at: 5, pay_at: undefined }).order_at).toEqual(new Date(5));
  });

  it.each([
    ['type', 'visit', {}, 'type', /unknown trace type "visit"; use "product" or "order"/],
    ['product without name', 'product', { url: 'x' }, 'product.name', /is required/],
    ['product with an unknown field', 'product', { name: 'n', image: 'x' }, 'product.image', /valid fields are name, url, imgUrl, params/],
    ['product url not a string', 'product', { name: 'n', url: 1 }, 'product.url', /must be a string/],
    ['param colour not hex', 'product', { name: 'n', params: [{ color: 'red' }] }, 'product.params[0].color', /hex colour such as #ff0000/],
    ['param fold not boolean', 'product', { name: 'n', params: [{ fold: 'yes' }] }, 'product.params[0].fold', /true or false/],
    ['param size not a number', 'product', { name: 'n', params: [{ size: '12' }] }, 'product.params[0].size', /must be a number/],
    ['params not a list', 'product', { name: 'n', params: 'x' }, 'product.params', /array of \{ text, color, fold, break, size \}/],
    ['order without order_no', 'order', { ...order, order_no: undefined }, 'order.order_no', /is required/],
    ['order without name', 'order', { ...order, name: '' }, 'order.name', /must be a non-empty string/],
    ['price as a string', 'order', { ...order, price: '16.8' }, 'order.price', /must be a number/],
    ['order_at missing', 'order', { ...order, order_at: undefined }, 'order.order_at', /Date or a timestamp/],
    ['order_at invalid', 'order', { ...order, order_at: new Date('nope') }, 'order.order_at', /Date or a timestamp/],
    ['pay_at a string', 'order', { ...order, pay_at: '2020-01-01' }, 'order.pay_at', /Date or a timestamp/],
    ['status unknown', 'order', { ...order, status: 'shipped' }, 'order.status', /wait_pay, paid, closed/],
    ['remark over 1000 bytes counted 2 per Chinese character', 'order', { ...order, remark: '中'.repeat(501) }, 'order.remark', /at most 1000 bytes/],
    ['commodit_num an object', 'order', { ...order, commodit_num: {} }, 'order.commodit_num', /string or a number/],
    ['commodity count a string', 'order', { ...order, commodities: [{ commodit_count: '1' }] }, 'order.commodities[0].commodit_count', /must be a number/],
    ['commodity with an unknown field', 'order', { ...order, commodities: [{ commodity_name: 'x' }] }, 'order.commodities[0].commodity_name', /unknown field/],
    ['data not an object', 'order', null, 'order', /must be an object/],
  ])('%s', (_, type, data, path, rule) => {
    const e = errorOf(type, data);
    expect(e.path).toBe(path);
    expect(e.message).toMatch(rule);
  });

  it('counts remark bytes as Udesk does: 500 Chinese characters fit, 501 do not', () => {
    expect(() => validateTrace('order', { ...order, remark: '中'.repeat(500) })).not.toThrow();
    expect(() => validateTrace('order', { ...order, remark: 'a'.repeat(1000) })).not.toThrow();
    expect(() => validateTrace('order', { ...order, remark: 'a'.repeat(1001) })).toThrow();
  });
});
