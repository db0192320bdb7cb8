// Issue 17, finding 8: a body that starts with a UTF-8 byte order mark (Windows tools, some HTTP
// libraries) got 400 "the body is not JSON". The mark says only how the text is encoded: read past it.
import { APP_ID, COMPANY_TOKEN, batch, event, startServer } from './support/trajectoryServer';

jest.setTimeout(60_000);

describe('a body that starts with a byte order mark', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('is read as the batch that follows it', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(batch([event('bom', 1)])))]);
    const response = await fetch(`${server.origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': COMPANY_TOKEN }, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('is still refused when the mark is all there is, or comes twice', async () => {
    for (const text of ['\ufeff', `\ufeff\ufeff${JSON.stringify(batch([event('bom', 2)], APP_ID))}`]) {
      const response = await fetch(`${server.origin}/v1/batch`, { method: 'POST', headers: { 'x-udesk-company-token': COMPANY_TOKEN }, body: text });
      expect(response.status).toBe(400);
    }
  });
});
