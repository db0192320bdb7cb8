// The pages' two languages: the server picks one per request (pickLanguage.ts) and writes it into
// the HTML's `lang`; the pages' scripts read it there and take their texts from the same table.
import { en } from './messagesEn';
import { zh, type MessageKey, type Messages } from './messagesZh';

export type { MessageKey, Messages };
export type Language = 'zh' | 'en';

export const MESSAGES: Readonly<Record<Language, Messages>> = { zh, en };

/** The HTML `lang` of each language. */
export const HTML_LANG: Readonly<Record<Language, string>> = { zh: 'zh-CN', en: 'en' };

/** A message with its `{name}` marks filled from `values` (a mark without a value stays as it is). */
export function formatMessage(message: string, values: Readonly<Record<string, string | number>> = {}): string {
  return message.replace(/\{(\w+)\}/g, (mark, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : mark));
}

/** In a page: its language, as the server wrote it into `<html lang>`. */
export function pageLanguage(): Language {
  return document.documentElement.lang === HTML_LANG.en ? 'en' : 'zh';
}

/** In a page: `key`'s text in the page's language, filled from `values`. */
export function t(key: MessageKey, values?: Readonly<Record<string, string | number>>): string {
  return formatMessage(MESSAGES[pageLanguage()][key], values);
}
