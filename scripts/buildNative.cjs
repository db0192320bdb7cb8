// dist/native/ud-sdk.js: the core bundled into one CommonJS file, lowered to ES5 syntax by
// Babel (old base libraries), minified. No dependencies, no runtime helpers outside the file.
const { buildSync, transformSync: esbuildTransform } = require('esbuild');
const babel = require('@babel/core');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'native', 'ud-sdk.js');

const bundled = buildSync({
  entryPoints: [path.join(root, 'src/native/udSdk.ts')],
  bundle: true, format: 'cjs', platform: 'neutral', target: 'es2019', write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
}).outputFiles[0].text;

const es5 = babel.transformSync(bundled, {
  babelrc: false, configFile: false, sourceType: 'script', compact: true,
  presets: [['@babel/preset-env', { targets: { ie: '11' }, loose: true, modules: false, exclude: ['transform-typeof-symbol'] }]],
}).code;

const minified = esbuildTransform(es5, { minify: true, target: 'es5', format: 'cjs' }).code;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `/* taro-udesk ud-sdk: Udesk session-from and trajectory tracking for native mini programs */\n${minified}`);
console.log(`${path.relative(root, out)}: ${Buffer.byteLength(minified)} bytes`);
