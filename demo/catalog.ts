import type { OrderTrace, ProductTrace, SessionFromInput } from 'taro-udesk';
import { demoServerOrigin } from './demoServer';
import cupImage from './assets/cup.png';
import iphoneImage from './assets/iphone.png';
import milkImage from './assets/milk.png';

export interface Product {
  id: string;
  price: number;
  /** The picture the shop shows (shipped in demo/assets: no network). */
  image: string;
  /** The product number an order's commodities carry. */
  no: string;
  /** The product card traced to the agent's visitor trajectory, in Udesk's format. */
  card: ProductTrace;
}

// The products of Udesk's own examples: its product card (Apple iPhone X, ¥6999.00) and the
// commodity of its order example (牛奶A, NO123456, ¥46.5), and one more. Their pictures, as the
// agent's page shows them, are served by the demo server (its image policy allows its own origin).
export const products: Product[] = [
  {
    id: '1', price: 6999, image: iphoneImage, no: 'NO6748052',
    card: {
      name: 'Apple iPhone X (A1903) 64GB 深空灰色 移动联通4G手机',
      url: 'https://item.jd.com/6748052.html',
      imgUrl: `${demoServerOrigin}/demo/images/iphone.png`,
      params: [{ text: '¥6999.00', color: '#FF0000', fold: false, break: false, size: 12 }, { text: '现货', color: '#1E7F45' }],
    },
  },
  {
    id: '2', price: 46.5, image: milkImage, no: 'NO123456',
    card: {
      name: '牛奶A 250ml×12盒',
      url: 'https://shop.example.com/milk-a',
      imgUrl: `${demoServerOrigin}/demo/images/milk.png`,
      params: [{ text: '¥46.50', color: '#FF0000', fold: true }, { text: '包邮', color: '#999999', size: 12 }],
    },
  },
  {
    id: '3', price: 129, image: cupImage, no: 'NO500129',
    card: {
      name: '保温杯 500ml',
      url: 'https://shop.example.com/cup',
      imgUrl: `${demoServerOrigin}/demo/images/cup.png`,
      params: [{ text: '¥129.00', color: '#FF0000' }],
    },
  },
];

export const productById = (id: string | undefined) => products.find((p) => p.id === id) || products[0];

export const formatPrice = (price: number) => `¥${price.toFixed(2)}`;

/** Order status as the shop shows it: Udesk's three states, in words. */
export const ORDER_STATUS_TEXT: Record<OrderTrace['status'], string> = { wait_pay: '待支付', paid: '已支付', closed: '已关闭' };

/** A cellphone of Udesk's customer record: an `[id, number]` pair or `{ cellphone }`. */
const phoneOf = (entry: unknown): string =>
  (Array.isArray(entry) ? String(entry[1]) : String((entry as { cellphone: string }).cellphone));

/**
 * An order for one product, as Udesk's order example has it, delivered to the customer who
 * placed it (the logged-in one; none named before login).
 */
export function orderFor(productId: string | undefined, placedAt: number, customer?: SessionFromInput): OrderTrace {
  const product = productById(productId);
  const phones = customer && customer.customer && customer.customer.cellphones;
  return {
    order_no: `D${placedAt}`,
    name: `订单：${product.card.name}`,
    url: 'https://shop.example.com/orders',
    price: product.price,
    order_at: placedAt,
    status: 'wait_pay',
    remark: '工作日送货',
    ...(customer ? { consignee_name: customer.nickName } : {}),
    ...(phones && phones.length ? { consignee_phone: phoneOf(phones[0]) } : {}),
    consignee_address: '北京市大兴区',
    commodit_num: 1,
    commodities: [{ commodit_name: product.card.name, commodit_no: product.no, commodit_count: 1, commodit_fee: product.price.toFixed(2) }],
  };
}
