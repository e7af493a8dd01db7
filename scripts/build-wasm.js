#!/usr/bin/env node
'use strict';
// Compiles every .wat (WebAssembly text) under apps/*/src and libs/*/src into the .wasm
// beside it, with wabt (a devDependency: WebAssembly's own toolkit, compiled to
// JavaScript, no native toolchain).
// The .wasm files are build output (git-ignored); `npm run build`, `npm test` and
// `npm run bench` run this first, and it only compiles what changed.
const fs = require('node:fs');
const path = require('node:path');

const { root, sourceFiles } = require('./source-files');

function stale(wat, wasm) {
  return !fs.existsSync(wasm) || fs.statSync(wasm).mtimeMs < fs.statSync(wat).mtimeMs;
}

async function main() {
  const todo = [];
  for (const wat of sourceFiles()) {
    if (!wat.endsWith('.wat')) continue;
    const wasm = wat.replace(/\.wat$/, '.wasm');
    if (stale(wat, wasm)) todo.push([wat, wasm]);
  }
  if (todo.length === 0) return;
  let wabt;
  try {
    wabt = await require('wabt')();
  } catch {
    // a production install has no devDependencies: the masking engine then scans in JavaScript
    process.stderr.write('build-wasm: wabt is not installed; run npm ci to build the .wasm files\n');
    return;
  }
  for (const [wat, wasm] of todo) {
    const rel = path.relative(root, wat);
    const mod = wabt.parseWat(rel, fs.readFileSync(wat, 'utf8'));
    try {
      mod.resolveNames();
      mod.validate();
      fs.writeFileSync(wasm, Buffer.from(mod.toBinary({}).buffer));
    } finally {
      mod.destroy();
    }
    process.stderr.write(`build-wasm: ${rel} -> ${path.basename(wasm)}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`build-wasm: ${err.message}\n`);
  process.exit(1);
});
