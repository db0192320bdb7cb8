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
