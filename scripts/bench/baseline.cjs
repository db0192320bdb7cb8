// The code before issue 13 (main at c8e189f), checked out from git into a temporary folder, so
// that npm run bench measures it beside today's in the same run: the tracker core's and the
// native file's bytes, and trace() per call.
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BASELINE = 'c8e189f';
const root = path.join(__dirname, '..', '..');

/** The baseline's sources (and its native build), made once per machine. */
function baselineRoot() {
  const dir = path.join(os.tmpdir(), `taro-udesk-baseline-${BASELINE}-3`);
  if (!fs.existsSync(path.join(dir, 'dist', 'native', 'ud-sdk.js'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    // tsconfig.json and package.json too: esbuild reads them (class fields, sideEffects), so the
    // bytes compare like for like.
    const files = 'src tsconfig.json package.json scripts/buildNative.cjs scripts/bench/trackerBench.ts tests/support/fakePlatform.ts';
    execSync(`git archive ${BASELINE} ${files} | tar -x -C "${dir}"`, { cwd: root });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    execSync(`"${process.execPath}" scripts/buildNative.cjs`, { cwd: dir, stdio: 'ignore' });
  }
  return dir;
}

module.exports = { BASELINE, baselineRoot };
