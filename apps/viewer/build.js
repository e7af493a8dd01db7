#!/usr/bin/env node
'use strict';
// Builds the viewer (apps/viewer) into apps/viewer/dist with Vite's JS API.
// Run on its own (`node apps/viewer/build.js`) or from the repo's build script.
const path = require('node:path');

async function main() {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(__dirname, 'vite.config.ts'), logLevel: 'warn' });
  process.stderr.write(`viewer: built in ${Date.now() - started} ms -> apps/viewer/dist/\n`);
}

main().catch((err) => {
  console.error('viewer build failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
