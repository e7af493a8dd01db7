'use strict';
// Two projects: `unit` (specs beside the code, no services) and `integration`
// (test/, real app processes, real Kafka and search engine started by
// test/infra when the tests need them).
const { swcOptions } = require('./scripts/swc-options');
const { compilerOptions } = require('./tsconfig.json');

const swc = swcOptions();
// jose 6 ships only ES modules; jest's module registry loads CommonJS, so its
// files go through SWC as well (the build and scripts use Node's require(esm)).
const esmOnly = ['jose'];
const esmToCjs = {
  swcrc: false,
  module: { type: 'commonjs' },
  jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
};
const transform = {
  '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
  [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['@swc/jest', esmToCjs],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];

// '@auditorium/frames' -> '<rootDir>/libs/frames/src', '@auditorium/frames/x' -> '.../x'
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const key = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[key] = '<rootDir>/' + target.replace('/*', '/$1');
}

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/setup-env.js'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.js',
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
      slowTestThreshold: 30,
    },
  ],
};
