// The web IM signing key and the identity secret live on the demo server only: no file of either
// compiled demo holds them.
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { buildDir } from '../support/buildDemo';
const { DEMO_IM_USER_KEY, DEMO_IDENTITY_SECRET } = require('../../scripts/demo/demoRoutes.cjs');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the web IM signing key and the identity secret', () => {
  it.each(['h5', 'weapp'])('appears in no file of build/%s', (platform) => {
    const files = filesUnder(buildDir(platform));
    expect(files.length).toBeGreaterThan(5);
    const contents = files.map((file) => readFileSync(file).toString('latin1'));
    // The grep works: the build holds the demo's own strings (the route that fetches the identity on H5).
    if (platform === 'h5') expect(contents.some((text) => text.includes('/demo/web-im-customer'))).toBe(true);
    expect(contents.some((text) => text.includes('pages/contact/index'))).toBe(true);
    // The login route, which answers the identity hash, is there (on both platforms).
    expect(contents.some((text) => text.includes('/demo/login'))).toBe(true);
    const leaking = files.filter((_file, index) => contents[index].includes(DEMO_IM_USER_KEY) || contents[index].includes(DEMO_IDENTITY_SECRET));
    expect(leaking).toEqual([]);
  });
});
