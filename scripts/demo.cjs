// npm run demo: builds the demo app for WeChat and for H5, then serves the H5 build.
const { execFileSync } = require('child_process');
const path = require('path');
const { serveStatic } = require('./serveStatic.cjs');

const root = path.join(__dirname, '..');
const taro = path.join(root, 'node_modules', '.bin', 'taro');
const started = Date.now();
for (const type of ['weapp', 'h5']) {
  console.log(`building the demo for ${type}...`);
  execFileSync(taro, ['build', '--type', type], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const port = Number(process.env.PORT || 10086);
serveStatic(path.join(root, 'build', 'h5'), port).then(({ url }) => {
  console.log(`\nready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  H5 demo:       ${url}`);
  console.log(`  WeChat build:  ${path.join(root, 'build', 'weapp')}  (open this folder in WeChat DevTools)`);
  console.log('Ctrl+C to stop.');
});
