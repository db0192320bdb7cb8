// npm run demo: builds the demo for H5 and for WeChat, starts the local collector (which also
// serves the H5 build and the trajectory console), and prints where everything is.
const { execFileSync } = require('child_process');
const path = require('path');
const { createCollector } = require('./collector/createCollector.cjs');

const root = path.join(__dirname, '..');
const started = Date.now();
const port = Number(process.env.PORT || 4318);
for (const type of ['h5', 'weapp']) {
  console.log(`building the demo for ${type}...`);
  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'taro'), ['build', '--type', type], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', UDESK_ENDPOINT: `http://127.0.0.1:${port}/v1/batch` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Taro's progress output is noise when it works; when it fails, it is the explanation.
    process.stderr.write(String(e.stdout) + String(e.stderr));
    process.exit(1);
  }
}
createCollector({
  port,
  dataDir: process.env.COLLECTOR_DATA || path.join(root, '.collector-data'),
  staticDir: path.join(root, 'build', 'h5'),
}).then((c) => {
  console.log(`\nready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  the demo shop (H5):       ${c.origin}/`);
  console.log(`  the trajectory console:   ${c.consoleUrl}`);
  console.log(`  the WeChat build:         ${path.join(root, 'build', 'weapp')}`);
  console.log('    open that folder in WeChat DevTools; it sends to the collector above (URL check is off in its project.config.json)');
  console.log('Ctrl+C to stop.');
});
