import { lstatSync, readdirSync } from 'fs';
import { join } from 'path';

/** The bytes of every file under `dir` (symbolic links not followed): an install's weight. */
export function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((total, name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    return total + (stat.isDirectory() ? folderBytes(path) : stat.size);
  }, 0);
}
