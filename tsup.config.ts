import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

// ContactButton's Douyin branch calls a file that stays its own CommonJS module in the package
// (dist/native/tt/imButton.js, written by scripts/buildNative.cjs): Taro's build only reads the
// props of a native component from a module it parses as plain JavaScript, which .mjs is not.
const keepImButtonApart: Plugin = {
  name: 'keep-im-button-apart',
  setup(build) {
    build.onResolve({ filter: /\/native\/tt\/imButton$/ }, () => ({ path: './native/tt/imButton.js', external: true }));
  },
};

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
    esbuildPlugins: [keepImButtonApart],
  },
  {
    // The `taro-udesk` command (inspect); the server's command is the taro-udesk-server package's.
    entry: { cli: 'src/cli/main.ts' },
    format: ['cjs'],
    target: 'node18',
    platform: 'node',
  },
]);
