// signWebImCustomer for the demo server (plain Node): from the built taro-udesk/server when its
// index exports it; otherwise compiled from its TypeScript source with esbuild, in memory. The
// fallback goes once src/server/index.ts exports signWebImCustomer.
const path = require('path');

function loadSignWebImCustomer() {
  const built = require('../../dist/server/index.js');
  if (typeof built.signWebImCustomer === 'function') return built.signWebImCustomer;
  const { buildSync } = require('esbuild');
  const output = buildSync({
    entryPoints: [path.join(__dirname, '..', '..', 'src', 'server', 'signWebImCustomer.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node18', write: false, logLevel: 'silent',
  });
  const compiled = { exports: {} };
  new Function('module', 'exports', 'require', output.outputFiles[0].text)(compiled, compiled.exports, require);
  return compiled.exports.signWebImCustomer;
}

module.exports = { loadSignWebImCustomer };
