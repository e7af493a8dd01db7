'use strict';
// The source files the build scripts work on: every file under apps/*/src and libs/*/src
// (the viewer is built by Vite). Shared by build.js and build-wasm.js.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

function sourceRoots() {
  const roots = [];
  for (const group of ['apps', 'libs']) {
    const base = path.join(root, group);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base)) {
      if (group === 'apps' && name === 'viewer') continue; // built by Vite
      roots.push(path.join(base, name, 'src'));
    }
  }
  return roots;
}

function* sourceFiles() {
  for (const src of sourceRoots()) yield* walk(src);
}

module.exports = { root, sourceFiles };
