import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// Mirrors OPENAPI_PATH / OPENAPI_COMMAND of libs/http/src/openapi (jest cannot load NestJS on Node 20).
const OPENAPI_PATH = 'docs/openapi.json';
const OPENAPI_COMMAND = 'npm run gen:openapi';
const root = path.resolve(__dirname, '..', '..');

describe('OpenAPI spec', () => {
  let generated: string;
  beforeAll(() => {
    // the generator itself, so the test checks exactly what `npm run gen:openapi` writes
    generated = execFileSync(
      process.execPath,
      [path.join(root, 'scripts', 'run-ts.js'), 'scripts/gen-openapi.ts', '--stdout'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 16 * 1024 * 1024 },
    );
  });

  it(`is committed up to date in ${OPENAPI_PATH}`, () => {
    let committed: string;
    try {
      committed = readFileSync(path.join(root, OPENAPI_PATH), 'utf8');
    } catch {
      throw new Error(`${OPENAPI_PATH} is missing: run \`${OPENAPI_COMMAND}\` and commit it`);
    }
    if (committed !== generated) {
      throw new Error(`${OPENAPI_PATH} is stale (the HTTP API changed): run \`${OPENAPI_COMMAND}\` and commit it`);
    }
  });

  it('documents every versioned route with bearer auth and typed answers', () => {
    const doc = JSON.parse(generated) as {
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    expect(doc.security).toEqual([{ bearer: [] }]);
    const routes = Object.keys(doc.paths);
    for (const r of [
      '/api/v1/sessions',
      '/api/v1/sessions/{sid}/replay',
      '/api/v1/sessions/{sid}/legal-hold',
      '/api/v1/admin/retention',
      '/api/v1/admin/retention/run',
      '/api/v1/access-log',
      '/api/v1/openapi.json',
    ])
      expect(routes).toContain(r);
    // only /healthz answers without a token
    for (const [route, ops] of Object.entries(doc.paths))
      for (const op of Object.values(ops))
        expect([route, op.security ?? doc.security]).toEqual([route, route === '/healthz' ? [] : [{ bearer: [] }]]);
    expect(Object.keys(doc.paths['/api/v1/sessions/{sid}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '404', '500']),
    );
  });
});
