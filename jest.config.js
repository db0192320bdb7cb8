/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  globalSetup: '<rootDir>/tests/support/globalSetup.ts',
  // Taro's compiled output runs as it is, untransformed.
  transformIgnorePatterns: ['/node_modules/', '<rootDir>/build/'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleNameMapper: {
    '^taro-udesk$': '<rootDir>/src/index.ts',
    '^taro-udesk/core$': '<rootDir>/src/core/index.ts',
    // Taro's own packages need Taro's build; tests use stand-ins (see the files).
    '^@tarojs/components$': '<rootDir>/tests/support/taroComponents.tsx',
    '^@tarojs/taro$': '<rootDir>/tests/support/taro.ts',
  },
};
