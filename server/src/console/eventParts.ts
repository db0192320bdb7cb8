// The pieces events are drawn with: client data as text marked translate="no" (the shop's words,
// not the page's), checked URLs, prices, times and order statuses in the page's language. No
// value is ever coerced: an object whose `toString` is a string throws when one tries.
import { el } from './el';
import { allowedImage } from './allowedImage';
import { pageLanguage, t, type MessageKey } from './messages';

export const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const MAX_SHOWN = 300;
const STATUSES = ['wait_pay', 'paid', 'closed'];

export const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown;
};
/** Client data as an element of its own, never translated. */
export const data = (value: unknown, tag: 'span' | 'div' | 'td' = 'span', className = ''): HTMLElement =>
  el(tag, { textContent: text(value), translate: false, className });
export const safeUrl = (value: unknown): string | null => (typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null);
/** A number, or a string that is one ("16.80"); null for anything else, objects included, uncoerced. */
export const numberOf = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : null;
};
export const record = (value: unknown): Record<string, unknown> =>
  (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
/** A time in the page's language; a value that is no time shows as it came. */
export const when = (value: unknown): string => {
  const date = new Date(typeof value === 'number' || typeof value === 'string' ? value : NaN);
  return Number.isNaN(date.getTime()) ? text(value) : date.toLocaleString(pageLanguage() === 'en' ? 'en-US' : 'zh-CN');
};
/** An order status: Udesk's three codes in the page's words, anything else as it came. */
export function statusBadge(value: unknown): HTMLElement {
  const status = text(value);
  const known = STATUSES.includes(status);
  return el('span', {
    className: `status ${known ? status : ''}`,
    textContent: known ? t(`status_${status}` as MessageKey) : status,
    title: status,
    translate: known,
    dataset: { status },
  });
}
export const price = (value: unknown): string => {
  const number = numberOf(value);
  return `¥${number !== null ? number.toFixed(2) : text(value)}`;
};

export function productPicture(data: Record<string, unknown>, size = ''): HTMLElement {
  const img = allowedImage(data.imgUrl);
  const placeholder = el('div', { className: `noimg ${size}`, textContent: t('noImage') });
  if (!img) return placeholder;
  const picture = el('img', { src: img, alt: '', referrerPolicy: 'no-referrer', className: size });
  picture.addEventListener('error', () => picture.replaceWith(placeholder));
  return picture;
}

/** A product's name, a link when it has an http(s) URL. */
export function productName(data: Record<string, unknown>): HTMLElement {
  const url = safeUrl(data.url);
  return url
    ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', textContent: text(data.name), translate: false })
    : el('span', { textContent: text(data.name), translate: false });
}

