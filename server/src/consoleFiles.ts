// Where the trajectory console's files are. Built, they sit beside the bundles (dist/console, for
// dist/index.js and dist/cli.js alike); run from source (tests, the demo before a build),
// console.ts is bundled once with esbuild, a development dependency, on first request.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { HTML_LANG, MESSAGES, type Language, type MessageKey } from './console/messages';

/**
 * The console's and the agent's page's CSP. Images only from the origins the operator allows: a
 * picture from any other host would tell that host when, and from which address, an agent looks.
 */
export function consoleCsp(imageOrigins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ["img-src 'self' data:", ...imageOrigins].join(' '),
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const IMAGE_ORIGINS_META = '<meta name="taro-udesk-image-origins" content="">';
const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A page of the console (`index`, `trajectory`) in `language`: its `{{key}}` marks filled with that
 * language's texts (console/messages*.ts), `{{lang}}` with its HTML lang, and the allowed image
 * origins in its meta tag, which the pages' scripts read (allowedImage.ts). The same document
 * whatever else the request says. A mark the table lacks is a bug: it throws.
 */
export function consoleHtml(dir: string, name: 'index' | 'trajectory', imageOrigins: readonly string[], language: Language = 'zh'): string {
  const key = `${dir}\0${name}\0${imageOrigins.join(' ')}\0${language}`;
  let html = htmlCache.get(key);
  if (html === undefined) {
    const messages = MESSAGES[language];
    html = readFileSync(join(dir, `${name}.html`), 'utf8')
      .replace(IMAGE_ORIGINS_META, IMAGE_ORIGINS_META.replace('content=""', `content="${escapeAttribute(imageOrigins.join(' '))}"`))
      .replace(/\{\{(\w+)\}\}/g, (_mark, text: string) => {
        if (text === 'lang') return HTML_LANG[language];
        if (!Object.prototype.hasOwnProperty.call(messages, text)) throw new Error(`${name}.html names a text no table has: ${text}`);
        return escapeAttribute(messages[text as MessageKey]);
      });
    htmlCache.set(key, html);
  }
  return html;
}
const htmlCache = new Map<string, string>();

export interface ConsoleFiles {
  /** Folder holding index.html and console.css. */
  dir: string;
  /** A page's script (`console`, `trajectory`): a built file's path, or the source bundled in memory. */
  script: (name: ConsoleScript) => { path: string } | { code: () => string };
}

export type ConsoleScript = 'console' | 'trajectory';

export function findConsoleFiles(): ConsoleFiles {
  const dir = join(__dirname, 'console');
  if (existsSync(join(dir, 'console.js'))) return { dir, script: (name) => ({ path: join(dir, `${name}.js`) }) };
  const codes = new Map<ConsoleScript, string>();
  return {
    dir,
    script: (name) => ({
      code() {
        let code = codes.get(name);
        if (code === undefined) {
          const { buildSync } = require('esbuild') as typeof import('esbuild');
          const out = buildSync({
            entryPoints: [join(dir, `${name}.ts`)],
            bundle: true, format: 'iife', target: 'es2019', write: false, minify: true, logLevel: 'silent',
          });
          code = out.outputFiles[0].text;
          codes.set(name, code);
        }
        return code;
      },
    }),
  };
}
