// Issue 12, item 2: development-only text (the long explanations behind
// `process.env.NODE_ENV !== 'production'`) never reaches a production build: neither the demo
// Taro compiled for WeChat in production (jest's globalSetup builds it) nor the library bundled
// by esbuild for production. The list is read from the sources, so a new site is checked too.
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { buildDir, root } from '../support/buildDemo';

const { bundle } = require('../../scripts/bench/sizes.cjs');

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

/** The literal text after each `process.env.NODE_ENV !== 'production' ?`, up to any `${`. */
function devOnlyTexts(): string[] {
  const site = /process\.env\.NODE_ENV !== 'production'\s*\?\s*(['`])([^'`$]{8,})/g;
  const texts: string[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(site)) texts.push(match[2].replace(/\\'/g, "'"));
  }
  return texts;
}

const jsOf = (dir: string): string =>
  readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? jsOf(path) : path.endsWith('.js') ? readFileSync(path, 'utf8') : ''))
    .join('\n');

describe('production builds drop development-only text', () => {
  const texts = devOnlyTexts();

  it('finds the development-only texts in the sources', () => {
    expect(texts.length).toBeGreaterThanOrEqual(15);
    expect(texts).toContain(' (a whole number or digits)');
  });

  it('the demo, built by Taro for WeChat in production, has none of them, and has the library', () => {
    const js = jsOf(buildDir('weapp'));
    expect(js).toContain('must be an https:// URL'); // the library is in it
    expect(texts.filter((text) => js.includes(text))).toEqual([]);
  });

  it('the library, bundled for production (scripts/bench/sizes.cjs), has none of them', () => {
    const js = new TextDecoder().decode(bundle(`export * from './src';`));
    expect(js).toContain('must be an https:// URL');
    expect(texts.filter((text) => js.includes(text))).toEqual([]);
  });
});
