'use strict';
// Builds dist/ once so e2e tests start the real app the way `npm start` does,
// and meanwhile starts real Kafka and the search engine (test/infra) unless
// KAFKA_BROKERS / SEARCH_URL already point at running ones. The env it sets
// (KAFKA_BROKERS, SEARCH_URL, SEARCH_ENGINE) reaches the tests: jest creates
// the test environments after this hook, copying process.env.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`scripts/build.js failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

module.exports = async function globalSetup() {
  process.env.TZ = 'UTC';
  require('@swc-node/register');
  const { setupInfra, teardownInfra } = require('../infra/jest-hooks');

  const infra = setupInfra();
  infra.catch(() => undefined); // awaited below; avoids an unhandled rejection while building
  try {
    await build();
  } catch (error) {
    await infra.then(teardownInfra, () => undefined);
    throw error;
  }
  // Read by global-teardown.js, which runs in this same process.
  globalThis.__auditoriumInfra = await infra;
};
