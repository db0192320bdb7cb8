/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests', '<rootDir>/server/tests'],
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  // Taro's compiled output runs as it is, untransformed. PGlite's CommonJS build loads its WASM
  // and Node modules through `import()`, which jest's module sandbox refuses without
  // --experimental-vm-modules; Babel turns those into `require` (jest's caller says it has no
  // dynamic import), so PGlite loads as plain CommonJS.
  transform: {
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': 'babel-jest',
    '\\.[jt]sx?$': 'babel-jest',
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)', '<rootDir>/build/'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleNameMapper: {
    '^taro-udesk$': '<rootDir>/src/index.ts',
    '^taro-udesk/core$': '<rootDir>/src/core/index.ts',
    '^taro-udesk-server$': '<rootDir>/server/src/index.ts',
    // Taro's own packages need Taro's build; tests use stand-ins (see the files).
    '^@tarojs/components$': '<rootDir>/tests/support/taroComponents.tsx',
    '^@tarojs/taro$': '<rootDir>/tests/support/taro.ts',
  },
};
