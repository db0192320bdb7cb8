// A minimal Taro 3.6 React 18 app, as Taro 3.6's default template makes it (its package list,
// babel and build config), written by hand: the 3.6 CLI's `taro init` would need the CLI
// installed first. The packages are the newest 3.6 release the registry has complete.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

export const TARO36 = '3.6.40';

const packageJson = (tarballSpec: string) => ({
  name: 'taro36',
  version: '1.0.0',
  private: true,
  browserslist: ['last 3 versions', 'Android >= 4.1', 'ios >= 8'],
  dependencies: {
    '@babel/runtime': '^7.21.5',
    ...Object.fromEntries(['components', 'helper', 'plugin-platform-weapp', 'plugin-platform-h5', 'runtime', 'shared', 'taro',
      'plugin-framework-react', 'react'].map((name) => [`@tarojs/${name}`, TARO36])),
    react: '^18.0.0',
    'react-dom': '^18.0.0',
    'taro-udesk': tarballSpec,
  },
  devDependencies: {
    '@babel/core': '^7.8.0',
    '@tarojs/cli': TARO36,
    '@tarojs/taro-loader': TARO36,
    '@tarojs/webpack5-runner': TARO36,
    'babel-preset-taro': TARO36,
    webpack: '5.78.0',
    '@pmmmwh/react-refresh-webpack-plugin': '^0.5.5',
    'react-refresh': '^0.11.0',
    typescript: '^5.1.0',
    postcss: '^8.4.18',
    '@types/react': '^18.0.0',
  },
});

const config = `const path = require('path')

const config = {
  projectName: 'taro36',
  date: '2026-11-27',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: process.env.FIXTURE_OUT || 'dist',
  alias: process.env.TARO_UDESK_STANDIN ? { 'taro-udesk': path.resolve(__dirname, '..', 'src', 'standin.tsx') } : {},
  plugins: [],
  defineConstants: {},
  copy: { patterns: [], options: {} },
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  mini: { postcss: { pxtransform: { enable: true, config: {} }, cssModules: { enable: false } } },
  h5: {
    publicPath: '/',
    staticDirectory: 'static',
    postcss: { autoprefixer: { enable: true, config: {} }, cssModules: { enable: false } },
  },
}

module.exports = function (merge) {
  return merge({}, config)
}
`;

const files = (tarballSpec: string): Record<string, string> => ({
  'package.json': JSON.stringify(packageJson(tarballSpec), null, 2) + '\n',
  'babel.config.js': "module.exports = { presets: [['taro', { framework: 'react', ts: true }]] }\n",
  'config/index.js': config,
  'project.config.json': JSON.stringify({ miniprogramRoot: './dist', projectname: 'taro36', appid: 'touristappid', compileType: 'miniprogram' }, null, 2),
  'src/app.config.ts': "export default defineAppConfig({ pages: ['pages/index/index'], window: { navigationBarTitleText: 'taro36' } })\n",
  'src/pages/index/index.config.ts': "export default definePageConfig({ navigationBarTitleText: 'Shop' })\n",
  'src/index.html': '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>taro36</title><script><%= htmlWebpackPlugin.options.script %></script></head><body><div id="app"></div></body></html>\n',
  'types/global.d.ts': "/// <reference types=\"@tarojs/taro\" />\n",
});

export function writeTaro36App(dir: string, tarballSpec: string): void {
  for (const [name, body] of Object.entries(files(tarballSpec))) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
}
