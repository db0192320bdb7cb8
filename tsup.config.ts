import { cpSync } from 'fs';
import { defineConfig } from 'tsup';

// esbuild is only reached when the console runs from source (tests); never in a built package.
const SERVER_EXTERNALS = ['pg', '@electric-sql/pglite', 'esbuild'];

// ES2019: whether an app's build transpiles node_modules depends on its config (Taro 4.2.1's
// template does), so the published code must already run on old mini program base libraries
// (no `?.`, `??`, class fields or private names).
export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'core/index': 'src/core/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'es2019',
    // One shared chunk: `taro-udesk` and `taro-udesk/core` must share the error classes, or
    // `instanceof` fails for a user who imports both.
    splitting: true,
    treeshake: true,
    external: ['react', /^@tarojs\//],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    target: 'node18',
    platform: 'node',
    external: SERVER_EXTERNALS,
  },
  {
    // taro-udesk/server: Node only, the stores' drivers left to node_modules.
    entry: { 'server/index': 'src/server/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    target: 'node18',
    platform: 'node',
    shims: true,
    external: SERVER_EXTERNALS,
    async onSuccess() {
      // The console's page and stylesheet beside the bundles, for both dist/server and dist/cli.js.
      for (const file of ['index.html', 'console.css', 'trajectory.html', 'trajectory.css']) {
        cpSync(`src/server/console/${file}`, `dist/server/console/${file}`);
      }
    },
  },
  {
    // The console's script, for the browser, with the session-from decoder from core.
    entry: { 'server/console/console': 'src/server/console/console.ts', 'server/console/trajectory': 'src/server/console/trajectory.ts' },
    format: ['iife'],
    target: 'es2019',
    platform: 'browser',
    minify: true,
    outExtension: () => ({ js: '.js' }),
  },
]);
