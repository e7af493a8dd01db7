#!/usr/bin/env node
'use strict';
// Stops early, with the fix, where the Node.js is older than the project runs
// on (better-sqlite3 13, jose 6 and the Elasticsearch 9.5 client need 22.12+;
// under Node 20 the SQLite binding crashes the process instead of saying why).
const [major, minor] = process.versions.node.split('.').map(Number);

function supported() {
  return major > 22 || (major === 22 && minor >= 12);
}

function exitUnlessSupported() {
  if (supported()) return;
  process.stderr.write(
    `Auditorium needs Node.js 22.12 or newer (24 LTS recommended); this is ${process.version}.\n` +
      'Get Node 24 from the npm registry: npm install -g node@24\n',
  );
  process.exit(1);
}

if (require.main === module) exitUnlessSupported();

module.exports = { supported, exitUnlessSupported };
