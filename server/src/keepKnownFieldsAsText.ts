// The fields of Udesk's product and order tables, checked by type at the door. The tracker sends
// them checked (src/core/tracker/validateTrace.ts); another sender may not. A known field of the
// wrong type is kept, as its JSON text (a string stays as it is): nothing is lost, and whatever
// reads the event after the door (the agent's page, the console, an admin API client) finds each
// known field of its type or a string, never an object that throws when coerced
// (`{"toString": "x"}`). Fields the tables do not name are kept exactly as they came.
import { isPlainObject } from './isPlainObject';

type Kind = 'text' | 'number' | 'flag' | 'time' | 'params' | 'commodities';

const FIELDS: Record<'product' | 'order' | 'params' | 'commodities', Record<string, Kind>> = {
  product: { name: 'text', url: 'text', imgUrl: 'text', params: 'params' },
  // size: Udesk's font size; a number or a numeric string.
  params: { text: 'text', color: 'text', fold: 'flag', break: 'flag', size: 'number' },
  order: {
    order_no: 'text', name: 'text', price: 'number', order_at: 'time', status: 'text', url: 'text', pay_at: 'time',
    remark: 'text', consignee_name: 'text', consignee_phone: 'text', consignee_address: 'text', commodit_num: 'text',
    commodities: 'commodities',
  },
  commodities: { commodit_name: 'text', commodit_no: 'text', commodit_count: 'number', commodit_fee: 'text' },
};

/** "16.80", "-3", ".5": what a price written as a string looks like. */
const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)\s*$/;

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'text':
    case 'time':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUMERIC.test(value));
    case 'flag':
      return typeof value === 'boolean';
    default:
      return Array.isArray(value);
  }
}


/** `data` with its known fields checked against `table`; the same object when nothing changed. */
function keepFields(data: Record<string, unknown>, table: Record<string, Kind>): Record<string, unknown> {
  let kept: Record<string, unknown> | undefined;
  const set = (field: string, value: unknown): void => {
    kept ??= { ...data };
    Object.defineProperty(kept, field, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const field of Object.keys(table)) {
    if (!Object.prototype.hasOwnProperty.call(data, field)) continue;
    const value = data[field];
    const kind = table[field];
    if (value === null || value === undefined || (!fits(kind, value) && typeof value === 'string')) continue;
    if (!fits(kind, value)) {
      set(field, JSON.stringify(value));
    } else if (kind === 'params' || kind === 'commodities') {
      const items = value as unknown[];
      const checked = items.map((item) => (isPlainObject(item) ? keepFields(item, FIELDS[kind]) : item));
      if (checked.some((item, index) => item !== items[index])) set(field, checked);
    }
  }
  return kept ?? data;
}

/** A contact's data (docs/protocol.md): its route as text, its product and order by their tables. */
function keepContactFields(data: Record<string, unknown>): Record<string, unknown> {
  const checked = { ...keepFields(data, { route: 'text' }) };
  for (const part of ['product', 'order'] as const) {
    const value = checked[part];
    if (isPlainObject(value)) checked[part] = keepFields(value, FIELDS[part]);
    else if (value !== undefined && value !== null) checked[part] = JSON.stringify(value);
  }
  return Object.keys(checked).every((key) => checked[key] === data[key]) ? data : checked;
}

/** The event with its `data` checked (product, order or contact); the same object when nothing changed. */
export function keepKnownFieldsAsText(event: Record<string, unknown>): Record<string, unknown> {
  const type = event.type;
  if ((type !== 'product' && type !== 'order' && type !== 'contact') || !Object.prototype.hasOwnProperty.call(event, 'data')) return event;
  const data = event.data;
  if (data === null || data === undefined || typeof data === 'string') return event;
  const keep = (fields: Record<string, unknown>) => (type === 'contact' ? keepContactFields(fields) : keepFields(fields, FIELDS[type]));
  const checked = isPlainObject(data) ? keep(data) : JSON.stringify(data);
  return checked === data ? event : { ...event, data: checked };
}
