'use strict';
// Stops what global-setup.js started (never services it found running),
// whether the tests passed or failed.
module.exports = async function globalTeardown() {
  const session = globalThis.__auditoriumInfra;
  globalThis.__auditoriumInfra = undefined;
  if (!session || !session.started.length) return;
  require('@swc-node/register');
  const { teardownInfra } = require('../infra/jest-hooks');
  await teardownInfra(session);
};
