// "No client may pick the key its limits count by": without --trust-proxy, forwarding headers a
// client sends must not spread its batches or page reads over several keys.
const { start, post, batch, ev, visitorId } = require('./lib.cjs');
(async () => {
  const server = await start(['--rate-limit', '5', '--page-rate-limit', '5']);
  try {
    const spoof = (i) => ({ 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}`, forwarded: `for=10.1.0.${i & 255}`, 'x-real-ip': `10.2.0.${i & 255}`, 'cf-connecting-ip': `10.3.0.${i & 255}` });
    const statuses = { batch: {}, page: {} };
    const v = visitorId('lim');
    for (let i = 0; i < 60; i++) {
      const r = await post(server.origin, batch([ev(v, 'product', {})]), spoof(i));
      statuses.batch[r.status] = (statuses.batch[r.status] ?? 0) + 1;
      const p = await fetch(`${server.origin}/t/${v}/events`, { headers: spoof(i) });
      await p.body?.cancel();
      statuses.page[p.status] = (statuses.page[p.status] ?? 0) + 1;
    }
    console.log('60 batches and 60 page reads, each with a new forwarding address, --rate-limit 5 --page-rate-limit 5:', JSON.stringify(statuses));
  } finally {
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
