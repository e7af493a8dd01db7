/**
 * Regenerates the parts of README.md that come from code (the configuration
 * table), between the <!-- config:start --> and <!-- config:end --> markers.
 * `npm run gen:docs`; a unit test fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadmeConfig } from './readme-config';

const file = join(__dirname, '..', 'README.md');
writeFileSync(file, renderReadmeConfig(readFileSync(file, 'utf8')));
console.log('README.md configuration table regenerated');
