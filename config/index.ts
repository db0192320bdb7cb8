import path from 'path';
import { defineConfig } from '@tarojs/cli';

// The demo app: Taro compiles it from demo/ into build/<platform>, importing the library by its
// package name through an alias to src/, so the demo runs the same code users get.
export default defineConfig<'webpack5'>(() => {
  const platform = process.env.TARO_ENV || 'weapp';
  // Taro's Babel only compiles sourceRoot unless told: the library's TypeScript source too.
  const compile = { include: [path.resolve(__dirname, '..', 'src'), path.resolve(__dirname, '..', 'scripts/bench')] };
  return {
    projectName: 'taro-udesk-demo',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'demo',
    // The bench builds elsewhere, with and without the library (TARO_UDESK_BENCH).
    outputRoot: process.env.TARO_UDESK_OUT || `build/${platform}`,
    plugins: [],
    // The demo's Udesk web IM link for H5, from the environment at build time.
    env: {
      UDESK_WEB_IM: JSON.stringify(process.env.UDESK_WEB_IM || ''),
      UDESK_ENDPOINT: JSON.stringify(process.env.UDESK_ENDPOINT || ''),
    },
    defineConstants: {},
    alias: {
      'taro-udesk/core': path.resolve(__dirname, '..', 'src/core/index.ts'),
      'taro-udesk': process.env.TARO_UDESK_BENCH === 'without'
        ? path.resolve(__dirname, '..', 'scripts/bench/withoutLibrary.tsx')
        : path.resolve(__dirname, '..', 'src/index.ts'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile,
      postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile,
      postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
    },
  };
});
