import { cpSync } from 'fs';
import { defineConfig } from 'tsup';

// The stores' drivers stay in node_modules (the package's dependencies); esbuild is only reached
// when the console runs from source (tests), never in a built package. What the server uses of
// taro-udesk/core is bundled in (tsconfig's paths point it at ../src/core): the server package
// depends on no version of the client, and the two are released together.
const EXTERNALS = ['pg', '@electric-sql/pglite', 'esbuild'];
const CORE = [/^taro-udesk\/core$/];

export default defineConfig([
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    target: 'node18',
    platform: 'node',
    external: EXTERNALS,
    noExternal: CORE,
  },
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: { resolve: CORE },
    target: 'node18',
    platform: 'node',
    shims: true,
    external: EXTERNALS,
    noExternal: CORE,
    async onSuccess() {
      // The console's pages and stylesheets beside the bundles, for dist/index and dist/cli.js.
      for (const file of ['index.html', 'console.css', 'trajectory.html', 'trajectory.css', 'favicon.svg']) {
        cpSync(`src/console/${file}`, `dist/console/${file}`);
      }
    },
  },
  {
    // The console's scripts, for the browser, with the session-from decoder from core.
    entry: { 'console/console': 'src/console/console.ts', 'console/trajectory': 'src/console/trajectory.ts' },
    format: ['iife'],
    target: 'es2019',
    platform: 'browser',
    minify: true,
    noExternal: CORE,
    outExtension: () => ({ js: '.js' }),
  },
]);
