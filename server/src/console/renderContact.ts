// The moment the customer asked for help (a `contact` event, docs/protocol.md): the page they were
// on and the product or order it showed, so the agent sees what they were looking at.
import { el } from './el';
import { t } from './messages';
import { data, price, productName, productPicture, record, statusBadge, text } from './eventParts';

export function renderContact(contact: Record<string, unknown>): HTMLElement {
  const lines = el('div', {}, el('div', { className: 'route' }, `${t('page')} `, data(contact.route, 'span', 'route-path')));
  const product = record(contact.product);
  const order = record(contact.order);
  let picture: HTMLElement | null = null;
  if (text(product.name) !== '') {
    picture = productPicture(product, 'small');
    lines.append(el('div', { className: 'name' }, productName(product)));
  }
  if (text(order.order_no) !== '' || text(order.name) !== '') {
    lines.append(el('div', { className: 'name' }, data(order.name), ` · ${t('orderNo', { no: '' })}`, data(order.order_no), statusBadge(order.status)));
    if (order.price !== undefined) lines.append(data(price(order.price), 'div'));
  }
  return el('div', { className: 'card contact' }, picture, lines);
}
