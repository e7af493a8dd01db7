import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadmeConfig } from '../../scripts/readme-config';

describe('README.md', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

  it('has the configuration table generated from the code (run `npm run gen:docs` when this fails)', () => {
    expect(readme).toBe(renderReadmeConfig(readme));
  });

  it('shows the two commands a newcomer needs', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
