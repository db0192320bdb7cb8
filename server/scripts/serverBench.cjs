// npm run bench:server: the trajectory server under load (serverBench.ts), from src.
require('./runBundled.cjs').runBundled('serverBench');
