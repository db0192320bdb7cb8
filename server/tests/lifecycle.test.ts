// The live stream and a gentle stop: SSE delivers the events a batch stored (and nothing for a
// batch of repeats); close() lets a batch in flight commit and answer before the store closes.
import { request } from 'http';
import { ADMIN_TOKEN, COMPANY_TOKEN, adminGet, batch, event, postBatch, startServer } from './support/trajectoryServer';

jest.setTimeout(60_000);

describe('the live stream and stopping', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ bodyTimeoutMs: 5000 });
  });
  afterAll(() => server.close());

  it('streams newly stored events to an admin, once', async () => {
    const response = await adminGet(server.origin, '/v1/stream');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const frames: string[] = [];
    const readFrames = async (count: number) => {
      let buffer = '';
      while (frames.length < count) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('event: events')) frames.push(frame);
        }
      }
    };
    await postBatch(server.origin, batch([event('streamed', 1), event('streamed', 2)]));
    await postBatch(server.origin, batch([event('streamed', 2)])); // a repeat: nothing new to stream
    await postBatch(server.origin, batch([event('streamed', 3)]));
    await readFrames(2);
    const sent = frames.map((frame) => JSON.parse(frame.split('\n').find((line) => line.startsWith('data: '))!.slice(6)));
    expect(sent.map((events: Array<{ id: string }>) => events.map((e) => e.id))).toEqual([['streamed.1', 'streamed.2'], ['streamed.3']]);
    expect(sent[0][0]).toMatchObject({ appId: 'wx-test-app', visitor: 'streamed', type: 'product', event: { seq: 1 } });
    await reader.cancel();
  });

  it('finishes a batch in flight when stopped, then refuses new connections', async () => {
    const { port } = new URL(server.origin);
    const body = JSON.stringify(batch([event('draining', 1), event('draining', 2)]));
    // Half the body now, the rest after close() has begun: the batch is in flight during the stop.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/batch', headers: { 'x-udesk-company-token': COMPANY_TOKEN, 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => req.end(body.slice(20)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = server.close();
    const result = await answer;
    await closed;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    await expect(fetch(`${server.origin}/healthz`)).rejects.toThrow();
    expect(ADMIN_TOKEN).toBeTruthy();
  });
});
