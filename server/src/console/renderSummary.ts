// The agent's first screen, above the trail: who this is (and whether verified), when they were
// last active, how many visits, product views and orders, and the latest order with its status,
// from the page's `summary` (TrajectorySummary in the server's store types), so it holds for all of
// the customer's events, not just the ones loaded.
import { el } from './el';
import { pageLanguage, t, type MessageKey } from './messages';
import { data, price, record, statusBadge, text, when } from './eventParts';
import type { ConsoleEvent } from './renderEvent';
import type { TrajectorySummary } from '../store/TrajectoryStore';

/** The page JSON's `summary`: the store's, its latest order as the page receives events. */
export type PageSummary = Omit<TrajectorySummary, 'latestOrder'> & { latestOrder?: ConsoleEvent };

/** The header's line: who this is, the nick_name kept as data. */
export function renderWho(identity: PageSummary['identity']): Node[] {
  const nick = text(identity.nickName);
  if (identity.state === 'anonymous') return [document.createTextNode(t('anonymous'))];
  const key: MessageKey = identity.state === 'verified' ? (nick ? 'verified' : 'verifiedNoNick') : nick ? 'unverified' : 'unverifiedNoNick';
  // The message around the name, the name as an element of its own.
  const [before, after = ''] = t(key).split('{nick}');
  return [document.createTextNode(before), ...(nick ? [data(nick, 'span', 'nick')] : []), document.createTextNode(after)];
}

/** "3 分钟前" / "3 minutes ago" beside the time itself. */
function ago(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] = Math.abs(seconds) < 60 ? [seconds, 'second']
    : Math.abs(seconds) < 3600 ? [Math.round(seconds / 60), 'minute']
      : Math.abs(seconds) < 86_400 ? [Math.round(seconds / 3600), 'hour'] : [Math.round(seconds / 86_400), 'day'];
  return new Intl.RelativeTimeFormat(pageLanguage() === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' }).format(value, unit);
}

const item = (label: MessageKey, ...value: Array<Node | string>) =>
  el('div', { className: 'fact' }, el('dt', { textContent: t(label) }), el('dd', {}, ...value));

export function renderSummary(summary: PageSummary, now = Date.now()): HTMLElement[] {
  const facts = el('dl', { className: 'facts' },
    item('lastActive', el('time', { textContent: ago(summary.lastActiveAt, now), title: when(summary.lastActiveAt), dateTime: new Date(summary.lastActiveAt).toISOString() })),
    item('visits', t('visitsValue', { n: summary.visits })),
    item('views', t('viewsValue', { n: summary.views })),
    item('orders', t('ordersValue', { n: summary.orders })),
    ...(summary.devices > 1 ? [item('devices', t('devicesValue', { n: summary.devices }))] : []));
  const order = summary.latestOrder ? record(summary.latestOrder.event.data) : null;
  const latest = el('div', { className: 'latest-order' }, el('span', { className: 'label', textContent: t('latestOrder') }),
    ...(order
      ? [data(order.name, 'span', 'order-name'), statusBadge(order.status), data(price(order.price), 'span', 'price'),
        el('span', { className: 'time', textContent: when(summary.latestOrder?.at) })]
      : [t('noOrder')]));
  return [facts, latest];
}
