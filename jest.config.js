/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleNameMapper: {
    '^taro-udesk$': '<rootDir>/src/index.ts',
    '^taro-udesk/core$': '<rootDir>/src/core/index.ts',
  },
};
