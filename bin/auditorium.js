#!/usr/bin/env node
'use strict';
// The `auditorium` command. Builds dist/ on first use in a source checkout.
const fs = require('node:fs');
const path = require('node:path');

require('../scripts/check-node').exitUnlessSupported();
const main = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(main)) {
  require('node:child_process').execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'build.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
require(main);
