// The door's check of Udesk's product and order fields: what the tracker sends passes untouched
// (the same object); a known field of the wrong type is kept as its JSON text; strings and fields
// the tables do not name are never changed; whatever comes in, every known field comes out of its
// type or a string, and nothing throws.
import fc from 'fast-check';
import { keepKnownFieldsAsText } from '../src/keepKnownFieldsAsText';

const product = { type: 'product', data: { name: 'Apple iPhone X', url: 'https://item.jd.com/1.html', imgUrl: 'https://x.cn/a.jpg',
  params: [{ text: '¥6999.00', color: '#FF0000', fold: false, break: false, size: 12 }] } };
const order = { type: 'order', data: { order_no: '1000', name: 'First Order', price: 16.8, order_at: '2026-11-25T10:00:00.000Z', status: 'wait_pay',
  pay_at: 1_795_000_000_000, remark: 'r', consignee_name: 'n', consignee_phone: '138', consignee_address: 'a', commodit_num: 2,
  commodities: [{ commodit_name: 'milk', commodit_no: 'm1', commodit_count: 2, commodit_fee: '8.40' }] } };

describe('keepKnownFieldsAsText', () => {
  it('passes the tracker’s events through untouched: the same object', () => {
    for (const event of [product, order, { type: 'order', data: { ...order.data, price: '16.80' } }, { type: 'product' }, { type: 'product', data: null }]) {
      expect(keepKnownFieldsAsText(event)).toBe(event);
    }
  });

  it.each([
    ['a price that is an object', { type: 'order', data: { price: { toString: 'x' } } }, { price: '{"toString":"x"}' }],
    ['a price that is an array', { type: 'order', data: { price: [1] } }, { price: '[1]' }],
    ['a price that is true', { type: 'order', data: { price: true } }, { price: 'true' }],
    ['a param size that throws when coerced', { type: 'product', data: { params: [{ size: { valueOf: null, toString: null } }] } },
      { params: [{ size: '{"valueOf":null,"toString":null}' }] }],
    ['a name that is an object', { type: 'product', data: { name: { nested: '<b>' } } }, { name: '{"nested":"<b>"}' }],
    ['params that are not a list', { type: 'product', data: { params: { text: 'one' } } }, { params: '{"text":"one"}' }],
    ['a commodity count that is an object', { type: 'order', data: { commodities: [{ commodit_count: {} }, 7] } }, { commodities: [{ commodit_count: '{}' }, 7] }],
    ['a fold that is a number', { type: 'product', data: { params: [{ fold: 1 }] } }, { params: [{ fold: '1' }] }],
  ])('keeps %s as its JSON text', (_, event, data) => {
    expect(keepKnownFieldsAsText(event)).toEqual({ ...event, data });
    // The event it was given is left as it was.
    expect(JSON.stringify(event)).not.toEqual(JSON.stringify({ ...event, data }));
  });

  it('leaves strings, data that is not an object, and fields it does not know as they came', () => {
    const free = { type: 'order', data: { price: 'free', commodities: 'none', custom: { toString: 'x' } } };
    expect(keepKnownFieldsAsText(free)).toBe(free);
    expect(keepKnownFieldsAsText({ type: 'product', data: 5 })).toEqual({ type: 'product', data: '5' });
    expect(keepKnownFieldsAsText({ type: 'product', data: 'text' })).toEqual({ type: 'product', data: 'text' });
    const proto = JSON.parse('{"type":"order","data":{"__proto__":{"price":1},"price":{"a":1}}}');
    const kept = keepKnownFieldsAsText(proto) as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(kept.data)).toBe(Object.prototype);
    expect(Object.keys(kept.data)).toEqual(['__proto__', 'price']);
    expect(kept.data.price).toBe('{"a":1}');
  });

  it('never throws, and leaves every known field of its type or a string (property)', () => {
    const scalarOk: Record<string, (value: unknown) => boolean> = {
      price: (value) => typeof value === 'number' || typeof value === 'string',
      size: (value) => typeof value === 'number' || typeof value === 'string',
      name: (value) => typeof value === 'number' || typeof value === 'string',
      fold: (value) => typeof value === 'boolean' || typeof value === 'string',
    };
    const value = fc.oneof(fc.jsonValue(), fc.constant({ toString: 'x' }), fc.constant({ valueOf: null, toString: null }));
    const data = fc.record({ price: value, name: value, params: fc.oneof(value, fc.array(fc.record({ size: value, fold: value }, { requiredKeys: [] }))) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.constantFrom('product', 'order'), data, (type, fields) => {
      const event = JSON.parse(JSON.stringify({ type, data: fields }));
      const kept = keepKnownFieldsAsText(event) as { data: Record<string, unknown> };
      const check = (record: Record<string, unknown>, names: string[]) => {
        for (const name of names) {
          if (record[name] !== undefined && record[name] !== null) expect(scalarOk[name](record[name])).toBe(true);
        }
      };
      check(kept.data, type === 'order' ? ['price', 'name'] : ['name']);
      if (type === 'product' && Array.isArray(kept.data.params)) {
        for (const param of kept.data.params) if (typeof param === 'object' && param !== null) check(param as Record<string, unknown>, ['size', 'fold']);
      }
    }), { numRuns: 300 });
  });
});

// Issue 18 point 3: a contact's route, and its product and order by Udesk's tables.
describe('keepKnownFieldsAsText on a contact', () => {
  const contact = { type: 'contact', data: { route: 'pages/order/index', query: { id: '1000' },
    product: { name: 'milk', url: 'https://x.cn/p', imgUrl: 'https://x.cn/a.jpg' }, order: { order_no: '1000', name: 'First Order', price: 16.8, status: 'paid' } } };

  it('passes the tracker’s contact through untouched, and one with only a route', () => {
    for (const event of [contact, { type: 'contact', data: { route: 'pages/a' } }, { type: 'contact', data: {} }]) {
      expect(keepKnownFieldsAsText(event)).toBe(event);
    }
  });

  it('keeps a route, a product name, an order price and a product of the wrong type as their JSON text', () => {
    const odd = { type: 'contact', data: { route: { toString: 'x' }, product: { name: ['a'] }, order: { price: {}, order_no: 7 }, extra: { kept: true } } };
    expect(keepKnownFieldsAsText(odd)).toEqual({ type: 'contact',
      data: { route: '{"toString":"x"}', product: { name: '["a"]' }, order: { price: '{}', order_no: 7 }, extra: { kept: true } } });
    expect(keepKnownFieldsAsText({ type: 'contact', data: { product: 5, order: [1] } }))
      .toEqual({ type: 'contact', data: { product: '5', order: '[1]' } });
  });
});
