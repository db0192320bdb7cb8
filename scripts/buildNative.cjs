// dist/native/ud-sdk.js: the core bundled into one CommonJS file, lowered to ES5 syntax by
// TypeScript (old base libraries), minified. No dependencies, no runtime helpers outside the file.
// dist/native/tt/: Douyin's IM button for ContactButton, copied.
const { buildSync, transformSync: esbuildTransform } = require('esbuild');
const ts = require('typescript');
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

// TypeScript lowers to ES5 with small inline helpers: for-of over arrays becomes an index loop
// (the core iterates nothing else), classes use __extends, spreads __assign.
const es5 = ts.transpileModule(bundled, {
  fileName: 'ud-sdk.js',
  compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None, allowJs: true, removeComments: true },
}).outputText;

const minified = esbuildTransform(es5, { minify: true, target: 'es5', format: 'cjs' }).code;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `/* taro-udesk ud-sdk: Udesk session-from and trajectory tracking for native mini programs */\n${minified}`);
console.log(`${path.relative(root, out)}: ${Buffer.byteLength(minified)} bytes`);

// Douyin's IM button, which ContactButton renders on tt: the native component and the CommonJS
// module that creates it, with the package.json that keeps webpack parsing that module as plain
// JavaScript (see src/native/tt/imButton.js). Copied as written: ES5 already.
fs.cpSync(path.join(root, 'src', 'native', 'tt'), path.join(root, 'dist', 'native', 'tt'), {
  recursive: true,
  filter: (file) => !file.endsWith('.d.ts'),
});
