// Which language a page is served in: the first of the request's Accept-Language (by weight)
// that the pages speak, Chinese by default. Chosen on the server, not in the page, so the HTML
// arrives whole in one language (its title, headings and `lang` attribute, which screen readers
// and translators go by) with no flash of the other; a browser's Accept-Language is its
// navigator.languages anyway. Every answer that depends on it says so (Vary: Accept-Language).
import type { Language } from './console/messages';

/** The language of a request whose Accept-Language header is `header`. */
export function pickLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : header ?? '';
  const ranges = text.split(',').map((part, index) => {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(param)).find(Boolean);
    const q = weight ? Number(weight[1]) : 1;
    return { primary: tag.trim().split('-')[0], q: Number.isFinite(q) ? q : 0, index };
  });
  ranges.sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.q <= 0) continue;
    if (range.primary === 'zh') return 'zh';
    if (range.primary === 'en') return 'en';
  }
  return 'zh';
}
