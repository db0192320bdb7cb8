import type { OrderTrace, ProductTrace } from 'taro-udesk';

// The demo shop: three products, shown as Udesk's product cards.
export const products: Array<ProductTrace & { id: string; price: number }> = [
  {
    id: '1', price: 6999, name: 'Apple iPhone X (A1903) 64GB Space Gray', url: 'https://item.jd.com/6748052.html',
    imgUrl: 'http://img12.360buyimg.com/n1/s450x450_jfs/t10675/253/1344769770/66891/92d54ca4/59df2e7fN86c99a27.jpg',
    params: [{ text: '¥6999.00', color: '#FF0000', fold: true, size: 14 }, { text: 'In stock', color: '#1E7F45', break: true }],
  },
  {
    id: '2', price: 46.5, name: 'Milk A, 12 x 250 ml', url: 'https://shop.example.com/milk-a',
    params: [{ text: '¥46.50', color: '#FF0000', fold: true }, { text: 'Free shipping', color: '#999999', size: 12 }],
  },
  {
    id: '3', price: 129, name: '保温杯 500ml', url: 'https://shop.example.com/cup',
    params: [{ text: '¥129.00', color: '#FF0000' }],
  },
];

export const productById = (id: string | undefined) => products.find((p) => p.id === id) || products[0];

/** An order for one product, as the order page shows it. */
export function orderFor(productId: string | undefined, placedAt: number): OrderTrace {
  const p = productById(productId);
  return {
    order_no: `D${placedAt}`,
    name: `Order for ${p.name}`,
    url: 'https://shop.example.com/orders',
    price: p.price,
    order_at: placedAt,
    status: 'wait_pay',
    consignee_name: 'jack',
    consignee_phone: '01012345',
    consignee_address: 'Beijing, Daxing District',
    commodit_num: 1,
    commodities: [{ commodit_name: p.name, commodit_no: `NO${p.id}`, commodit_count: 1, commodit_fee: p.price.toFixed(2) }],
  };
}
