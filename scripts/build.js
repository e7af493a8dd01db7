#!/usr/bin/env node
'use strict';
// Compiles apps/*/src and libs/*/src into dist/ with SWC (fast, no type check:
// `npm run lint` type-checks with tsc). JSON assets (index mappings) and the
// WebAssembly modules (built from .wat first, scripts/build-wasm.js) are copied.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { transformFileSync } = require('@swc/core');
const { sourceFiles } = require('./source-files');
const { swcOptions, root } = require('./swc-options');

const out = path.join(root, 'dist');

function build() {
  execFileSync(process.execPath, [path.join(__dirname, 'build-wasm.js')], { stdio: 'inherit' });
  const started = Date.now();
  let count = 0;
  fs.rmSync(out, { recursive: true, force: true });
  for (const file of sourceFiles()) {
    const rel = path.relative(root, file);
    const target = path.join(out, rel);
    if (/\.spec\.ts$|\.contract\.ts$/.test(file)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (file.endsWith('.ts')) {
      const opts = { ...swcOptions(), filename: file, outputPath: target.replace(/\.ts$/, '.js') };
      const { code, map } = transformFileSync(file, opts);
      const js = target.replace(/\.ts$/, '.js');
      fs.writeFileSync(js, code + `\n//# sourceMappingURL=${path.basename(js)}.map\n`);
      if (map) fs.writeFileSync(js + '.map', map);
      count++;
    } else if (/\.(json|html|css|txt|wasm)$/.test(file)) {
      fs.copyFileSync(file, target);
    }
  }
  process.stderr.write(`build: ${count} files in ${Date.now() - started} ms -> dist/\n`);
}

build();
// The viewer (Vite) unless told not to; `npm start` and the tests serve it at /.
if (!process.argv.includes('--no-viewer')) {
  execFileSync(process.execPath, [path.join(root, 'apps', 'viewer', 'build.js')], {
    stdio: 'inherit',
  });
}
