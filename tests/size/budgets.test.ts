// Sizes are stable, unlike times: npm test holds each part to a ceiling (times stay in the
// benchmark). A part over its issue's target has its ceiling at today's size, so it can only
// shrink; `npm run bench` prints both.
const { PARTS } = require('../../scripts/bench/sizes.cjs');

type Part = { name: string; target?: number; ceiling: number; size(): { gz: number; raw: number } };

describe('size budgets (min+gzip bytes)', () => {
  it.each((PARTS as Part[]).map((p) => [p.name, p]))('%s', (_, part) => {
    const { gz } = part.size();
    expect(gz).toBeGreaterThan(500); // measured something real
    expect(gz).toBeLessThanOrEqual(part.ceiling);
  });
});

describe('what a page with only the button bundles', () => {
  const { bundle } = require('../../scripts/bench/sizes.cjs');
  const text = (contents: string) => Buffer.from(bundle(contents)).toString();

  it("has none of the tracker's code (the link store stands between them)", () => {
    // Texts only the tracker has: its request header and its storage key.
    const trackerTexts = ['x-udesk-company-token', 'taro-udesk:queue'];
    const full = text(`export { ContactButton, UdeskSdk } from './src';`);
    const button = text(`export { ContactButton } from './src';`);
    for (const t of trackerTexts) expect(full).toContain(t);
    for (const t of trackerTexts) expect(button).not.toContain(t);
  });
});
