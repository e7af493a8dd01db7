#!/usr/bin/env node
'use strict';
// Compiles every libs/*/src/**/*.wat (WebAssembly text) into the .wasm beside it, with wabt
// (a devDependency: WebAssembly's own toolkit, compiled to JavaScript, no native toolchain).
// The .wasm files are build output (git-ignored); `npm run build`, `npm test` and
// `npm run bench` run this first, and it only compiles what changed.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function* watFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* watFiles(full);
    else if (entry.name.endsWith('.wat')) yield full;
  }
}

function stale(wat, wasm) {
  return !fs.existsSync(wasm) || fs.statSync(wasm).mtimeMs < fs.statSync(wat).mtimeMs;
}

async function main() {
  const libs = path.join(root, 'libs');
  const todo = [];
  for (const lib of fs.existsSync(libs) ? fs.readdirSync(libs) : []) {
    for (const wat of watFiles(path.join(libs, lib, 'src'))) {
      const wasm = wat.replace(/\.wat$/, '.wasm');
      if (stale(wat, wasm)) todo.push([wat, wasm]);
    }
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
