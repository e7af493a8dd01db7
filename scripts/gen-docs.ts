/**
 * Regenerates the parts of README.md that come from code (the configuration
 * table), between the <!-- config:start --> and <!-- config:end --> markers.
 * `npm run gen:docs`; a unit test fails when the README is stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { renderReadmeConfig } from './readme-config';
import { writeGenerated } from './write-generated';

writeGenerated('README.md', renderReadmeConfig(readFileSync(join(__dirname, '..', 'README.md'), 'utf8')));
