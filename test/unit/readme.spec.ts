import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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

  it('links only to files inside the repo, and each exists (a fresh clone has nothing beside it)', () => {
    const root = join(__dirname, '..', '..');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((l) => !/^[a-z]+:/i.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = resolve(root, link);
      expect({ link, inside: !relative(root, target).startsWith('..') }).toEqual({ link, inside: true });
      expect({ link, exists: existsSync(target) }).toEqual({ link, exists: true });
    }
  });

  it('suggests `npm run -s token`: without -s npm prints its header into the token', () => {
    expect(readme).not.toMatch(/npm run token/);
  });
});
