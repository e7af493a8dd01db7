'use strict';
// One SWC configuration for the build, jest and TS scripts, so decorators and
// `@auditorium/*` paths behave the same everywhere.
const path = require('node:path');
const { compilerOptions } = require('../tsconfig.json');

const root = path.resolve(__dirname, '..');

function swcOptions({ sourceMaps = true } = {}) {
  return {
    sourceMaps,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: compilerOptions.paths,
    },
  };
}

module.exports = { swcOptions, root };
