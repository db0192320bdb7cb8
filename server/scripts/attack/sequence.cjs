// Target 3: how far one client with the public token moves the per-app delivery-loss figures.
// The figures are cached 15 s, so each is read once, after the batches.
const { start, post, batch, visitorId, APP, ADMIN } = require('./lib.cjs');
const admin = { authorization: `Bearer ${ADMIN}` };
const delivery = async (origin) => (await (await fetch(`${origin}/v1/delivery`, { headers: admin })).json()).apps.find((a) => a.appId === APP);
const event = (visitor, seq, i) => ({ id: `q${i}-${seq}`, session: 's', type: 'product', at: Date.now(), visitor, data: {}, visitorSeq: seq });

(async () => {
  const server = await start(['--delivery-settle-hours', '0']);
  try {
    // Inflate: 1,000 fresh visitors, each one event numbered 100,000 (the largest jump believed).
    const forged = [];
    for (let i = 0; i < 1000; i++) forged.push(event(visitorId('seq'), 100000, i));
    const r1 = await post(server.origin, batch(forged));
    // One visitor climbing 100,000 a batch, 20 batches of one event.
    const climber = visitorId('climb');
    for (let k = 1; k <= 20; k++) await post(server.origin, batch([event(climber, k * 100000, 9000 + k)]));
    // Jumps past the limit: not counted.
    const r2 = await post(server.origin, batch([event(visitorId('huge'), Number.MAX_SAFE_INTEGER, 1), event(visitorId('huge'), 100001, 2)]));
    await new Promise((r) => setTimeout(r, 300));
    const inflated = await delivery(server.origin);
    console.log(`inflate: batch of 1000 ${r1.status} accepted=${r1.json.accepted} (${JSON.stringify(batch(forged)).length} bytes); +20 climbing; over-limit ${JSON.stringify(r2.json)}`);
    console.log('figures after 1,020 forged events:', JSON.stringify(inflated));
    console.log(`=> missing per forged event: ${(inflated.missing / 1020).toFixed(0)}`);
    const server2 = await start(['--delivery-settle-hours', '0']);
    try {
      // A real loss (one visitor lost 10 of 20), then dilution: 1 visitor with 1..100000 in one batch? 
      const real = visitorId('real');
      const lossy = [];
      for (let s = 1; s <= 20; s++) if (s % 2 === 0) lossy.push(event(real, s, 0));
      await post(server2.origin, batch(lossy));
      // Dilution: 2,000 fresh visitors each sending seq 1 only: expected +2000, missing 0.
      const dilute = [];
      for (let i = 0; i < 5000; i++) dilute.push(event(visitorId('d'), 1, i));
      const r3 = await post(server2.origin, batch(dilute));
      await new Promise((r) => setTimeout(r, 300));
      const diluted = await delivery(server2.origin);
      console.log(`dilute: a real visitor lost 10 of 20; 5,000 fresh visitors send seq 1 (${r3.status} accepted=${r3.json.accepted}) ->`, JSON.stringify(diluted));
    } finally {
      await server2.stop();
    }
  } finally {
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
