(async () => {
  const counts = {}; const end = Date.now() + 5000; let max = 0;
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (Date.now() < end) {
      const t = Date.now();
      const s = await fetch('http://127.0.0.1:43997/v1/batch', { method: 'POST', body: JSON.stringify({ v: 2, appId: 'a', companyDomain: 'd', sentAt: 1, events: [] }) }).then(async (r) => { await r.arrayBuffer(); return r.status; }, (e) => 'err');
      counts[s] = (counts[s] || 0) + 1; max = Math.max(max, Date.now() - t);
    }
  }));
  console.log(counts, 'max ms', max);
})();
