// Runs the built command as a user would (`npx taro-udesk …`): `npm test` builds first.
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
export const packageJson = require(join(root, 'package.json'));
const bin = join(root, packageJson.bin['taro-udesk']);

export function runCli(args: string[], input?: string | Buffer) {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" first (npm test does)`);
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
}
