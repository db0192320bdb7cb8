// npm run bench:expiry -w taro-udesk-server: retention's cost to batches (expiryBench.ts), from src.
require('./runBundled.cjs').runBundled('expiryBench');
