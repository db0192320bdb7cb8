import path from 'path';
import { defineConfig } from '@tarojs/cli';

// The demo app: Taro compiles it from demo/ into build/<platform>, importing the library by its
// package name through an alias to src/, so the demo runs the same code users get.
export default defineConfig<'webpack5'>(() => {
  const platform = process.env.TARO_ENV || 'weapp';
  // Taro's Babel only compiles sourceRoot unless told: the library's TypeScript source too.
  const compile = { include: [path.resolve(__dirname, '..', 'src')] };
  return {
    projectName: 'taro-udesk-demo',
    date: '2026-11-25',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'demo',
    outputRoot: `build/${platform}`,
    plugins: [],
    defineConstants: {},
    alias: {
      'taro-udesk/core': path.resolve(__dirname, '..', 'src/core/index.ts'),
      'taro-udesk': path.resolve(__dirname, '..', 'src/index.ts'),
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
