// The console's delivery figures (GET /v1/delivery; docs/server.md, "Delivery loss"): per app, the
// share of numbered events that never arrived from visitors who have settled, and the gaps still
// pending. Read again every minute; the server reads the store at most every few seconds anyway.
import { el } from './el';
import { data } from './eventParts';
import { t } from './messages';
import type { DeliveryFigures } from '../createStoreFigures';

/** One app's row of GET /v1/delivery, as the server computes it. */
export type AppDeliveryFigures = DeliveryFigures;

const REFRESH_MS = 60_000;

const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.0001 ? 4 : 2)} %`;
const count = (value: number) => value.toLocaleString('en-US');

function rowOf(app: AppDeliveryFigures): HTMLElement {
  const settled = app.expected > 0
    ? t('deliveryLost', { percent: percent(app.lossRatio), missing: count(app.missing), expected: count(app.expected), visitors: count(app.settledVisitors) })
    : t('deliveryNoneSettled');
  const pending = app.pending > 0 ? t('deliveryPending', { pending: count(app.pending), active: count(app.activeVisitors) }) : '';
  return el('li', { className: app.missing > 0 ? 'bad' : 'ok', dataset: { app: app.appId } }, el('b', {}, data(app.appId)), `${t('deliveryApp')}${settled}${pending}`);
}

/** Shows the figures in `root` now and every minute; `read` is the console's authenticated GET. Returns a refresh. */
export function startDeliveryPanel(root: HTMLElement, read: () => Promise<{ apps: AppDeliveryFigures[] }>): () => void {
  const list = el('ul', { className: 'delivery' });
  root.replaceChildren(list);
  const refresh = async () => {
    try {
      const { apps } = await read();
      list.replaceChildren(...(apps.length ? apps.map(rowOf) : [el('li', {}, t('deliveryEmpty'))]));
    } catch (error) {
      list.replaceChildren(el('li', { className: 'bad' }, t('deliveryUnavailable', { why: (error as Error).message })));
    }
  };
  void refresh();
  setInterval(() => void refresh(), REFRESH_MS);
  return () => void refresh();
}
