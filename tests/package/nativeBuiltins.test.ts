// dist/native/ud-sdk.js is ES5 syntax, but calls a few ES2015 built-ins. The README names them
// (with the WeChat support they rely on): a new one must not slip in unnoticed.
import { readFileSync } from 'fs';
import { join } from 'path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const root = join(__dirname, '..', '..');

const ES2015_GLOBALS = ['Promise', 'Symbol', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'ArrayBuffer', 'Uint8Array',
  'DataView', 'TextEncoder', 'TextDecoder', 'globalThis', 'queueMicrotask', 'BigInt', 'WeakRef', 'URL', 'URLSearchParams', 'structuredClone', 'AbortController', 'fetch'];
const ES2015_STATICS: Record<string, string[]> = {
  Object: ['assign', 'setPrototypeOf', 'getOwnPropertySymbols', 'is', 'entries', 'values', 'fromEntries', 'getOwnPropertyDescriptors', 'hasOwn'],
  Number: ['isInteger', 'isFinite', 'isNaN', 'isSafeInteger', 'parseFloat', 'parseInt', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER'],
  Array: ['from', 'of'],
  String: ['fromCodePoint', 'raw'],
  Math: ['trunc', 'sign', 'log2', 'log10', 'hypot', 'imul', 'clz32', 'fround', 'cbrt', 'expm1', 'log1p', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'],
};
const ES2015_METHODS = ['find', 'findIndex', 'findLast', 'findLastIndex', 'includes', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'repeat',
  'fill', 'copyWithin', 'entries', 'values', 'codePointAt', 'normalize', 'flat', 'flatMap', 'at', 'trimStart', 'trimEnd', 'replaceAll', 'matchAll'];

/** The ES2015+ built-ins the file names: globals, statics (`Number.isInteger`), methods (`.findIndex`). */
function builtinsUsed(code: string): string[] {
  const found = new Set<string>();
  walk.full(acorn.parse(code, { ecmaVersion: 5 }), (node) => {
    if (node.type === 'Identifier' && ES2015_GLOBALS.includes((node as acorn.Identifier).name)) found.add((node as acorn.Identifier).name);
    if (node.type !== 'MemberExpression') return;
    const member = node as acorn.MemberExpression;
    if (member.computed || member.property.type !== 'Identifier') return;
    const name = member.property.name;
    const owner = member.object.type === 'Identifier' ? member.object.name : '';
    if (ES2015_STATICS[owner]) {
      if (ES2015_STATICS[owner].includes(name)) found.add(`${owner}.${name}`);
    } else if (ES2015_METHODS.includes(name)) found.add(`.${name}`);
  });
  return [...found].sort();
}

describe('dist/native/ud-sdk.js', () => {
  const code = readFileSync(join(root, 'dist', 'native', 'ud-sdk.js'), 'utf8');

  it('uses exactly the ES2015 built-ins the README names', () => {
    const documented = ['.findIndex', 'Number.isFinite', 'Number.isInteger', 'Object.assign', 'Object.setPrototypeOf', 'Promise'];
    expect(builtinsUsed(code)).toEqual(documented);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const name of documented) expect(readme).toContain(name.replace(/^\./, 'Array.prototype.'));
  });

  it('finds a built-in the file would newly use', () => {
    expect(builtinsUsed(`${code};[1].includes(1);new Map()`)).toEqual(expect.arrayContaining(['.includes', 'Map']));
  });
});
