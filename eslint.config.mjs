import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'server/dist/', 'build/', '.fixtures/', 'node_modules/', 'coverage/', 'test-artifacts/', '.taro-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'demo/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The client package never reaches into the server's.
    files: ['src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['taro-udesk-server', '**/server/src', '**/server/src/*'], message: 'taro-udesk (the client) does not import the server package.' }] }],
    },
  },
  {
    // The server takes the core through its public entry, taro-udesk/core, never by a path into src/.
    files: ['server/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(taro-udesk(/(?!core$).*)?|(\\.\\./)+src/.*)$', message: 'taro-udesk-server imports the client only as taro-udesk/core.' }] }],
    },
  },
  {
    // Layers go one way: core knows nothing of React or Taro (a Node backend uses it).
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@tarojs/*', '**/taro', '**/taro/*', '**/react', '**/react/*'], message: 'src/core imports neither React nor Taro nor the layers above it.' }] }],
    },
  },
);
