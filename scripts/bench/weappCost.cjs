// The bytes the library adds to the compiled WeChat demo: built with it and with a stand-in,
// gzip -9 of every .js file of each build, compared.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { gzipSync } = require('zlib');

const root = path.join(__dirname, '..', '..');

function jsGzip(dir) {
  let raw = 0;
  let gz = 0;
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.js')) {
      const body = fs.readFileSync(p);
      raw += body.length;
      gz += gzipSync(body, { level: 9 }).length;
    }
  });
  walk(dir);
  return { raw, gz };
}

function build(variant) {
  const out = path.join('build', `bench-weapp-${variant}`);
  execFileSync(path.join(root, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', TARO_UDESK_OUT: out, TARO_UDESK_BENCH: variant },
    stdio: 'ignore',
  });
  return jsGzip(path.join(root, out));
}

/** { with, without, added } sizes of the weapp demo's JavaScript, in bytes. */
function weappCost() {
  const withLib = build('with');
  const without = build('without');
  return { with: withLib, without, added: { raw: withLib.raw - without.raw, gz: withLib.gz - without.gz } };
}

module.exports = { weappCost };
if (require.main === module) console.log(weappCost());
