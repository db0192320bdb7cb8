// Target 5 (logs) continued: event bytes PostgreSQL's jsonb may refuse (NUL and lone surrogates in
// keys as well as values, deep keys, odd numbers): a refused-by-the-store event would mean a 503,
// a log line "storing a batch failed: <message>" that might quote the client's bytes, and a
// resend forever. Each is posted alone; the answer and any new log line are printed.
const { start, post, visitorId, APP } = require('./lib.cjs');
(async () => {
  const server = await start();
  try {
    const v = visitorId('store');
    const bodies = {
      'NUL in a key': `{"v":2,"appId":"${APP}","events":[{"id":"a","session":"s","type":"product","at":1,"visitor":"${v}","data":{"k\\u0000MARK":1}}]}`,
      'lone surrogate in a key': `{"v":2,"appId":"${APP}","events":[{"id":"b","session":"s","type":"product","at":1,"visitor":"${v}","data":{"\\ud800MARK":1}}]}`,
      'NUL in a nested value': `{"v":2,"appId":"${APP}","events":[{"id":"c","session":"s","type":"contact","at":1,"visitor":"${v}","data":{"query":{"x":["MARK\\u0000"]}}}]}`,
      'lone surrogate in customer nick': `{"v":2,"appId":"${APP}","events":[{"id":"d","session":"s","type":"product","at":1,"visitor":"${v}","customer":{"nick_name":"MARK\\udfff"}}]}`,
      'NUL in session': `{"v":2,"appId":"${APP}","events":[{"id":"e","session":"MARK\\u0000","type":"order","at":1,"visitor":"${v}","data":{"order_no":"x"}}]}`,
      'NUL in order_no': `{"v":2,"appId":"${APP}","events":[{"id":"f","session":"s","type":"order","at":1,"visitor":"${v}","data":{"order_no":"MARK\\u0000"}}]}`,
      'huge exponent number': `{"v":2,"appId":"${APP}","events":[{"id":"g","session":"s","type":"product","at":1,"visitor":"${v}","data":{"n":1e400,"m":-1e-400}}]}`,
      'session as object': `{"v":2,"appId":"${APP}","events":[{"id":"h","session":{"MARK":1},"type":"order","at":1,"visitor":"${v}","data":{"order_no":{"MARK":2}}}]}`,
      'order_no as number': `{"v":2,"appId":"${APP}","events":[{"id":"i","session":5,"type":"order","at":1,"visitor":"${v}","data":{"order_no":12345678901234567890}}]}`,
      'nick_name as object': `{"v":2,"appId":"${APP}","events":[{"id":"j","session":"s","type":"product","at":1,"visitor":"${v}","customer":{"nick_name":{"MARK":1}}}]}`,
    };
    for (const [name, body] of Object.entries(bodies)) {
      const before = server.output().length;
      const r = await post(server.origin, body);
      const logged = server.output().slice(before).trim();
      console.log(`${name}: ${r.status} ${JSON.stringify(r.json)}${logged ? ` LOG: ${logged}` : ''}`);
    }
    const page = await (await fetch(`${server.origin}/t/${v}/events`)).json();
    console.log('page summary', JSON.stringify(page.summary));
    console.log('MARK in the log:', server.output().includes('MARK'));
  } finally {
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
