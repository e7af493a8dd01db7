'use strict';
// Builds dist/ once so e2e tests start the real app the way `npm start` does.
// test/infra hooks (Kafka, search engine) are added here by the infra module.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.js')], { stdio: 'inherit' });
};
