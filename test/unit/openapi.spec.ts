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

  describe('says what the server enforces', () => {
    interface Param {
      name: string;
      in: string;
      schema?: { type?: string; pattern?: string; format?: string };
    }
    interface Op {
      operationId: string;
      parameters?: Param[];
      security?: unknown[];
      responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }>; links?: object }>;
    }
    let ops: [string, string, Op][];
    beforeAll(() => {
      const doc = JSON.parse(generated) as { paths: Record<string, Record<string, Op>> };
      ops = Object.entries(doc.paths).flatMap(([route, item]) =>
        Object.entries(item).map(([method, op]) => [route, method, op] as [string, string, Op]),
      );
    });

    it('gives every sid path parameter the pattern of the frame contract', () => {
      const sids = ops.flatMap(([, , op]) => (op.parameters ?? []).filter((p) => p.name === 'sid'));
      expect(sids.length).toBeGreaterThanOrEqual(7);
      for (const p of sids) expect(p.schema?.pattern).toBe('^[A-Za-z0-9._:-]{1,128}$');
    });

    it('types integer parameters as integers, and cursors by their own named format', () => {
      for (const [route, , op] of ops)
        for (const p of op.parameters ?? []) {
          if (['limit', 'width', 'height'].includes(p.name) || (route.endsWith('/frames') && p.in === 'query'))
            expect([route, p.name, p.schema?.type]).toEqual([route, p.name, 'integer']);
          if (p.name === 'cursor') expect(p.schema?.format).toMatch(/^auditorium-[a-z-]+-cursor$/);
        }
    });

    it('documents every error as the JSON error body, whatever media type the operation answers with', () => {
      for (const [route, method, op] of ops) {
        const codes = Object.keys(op.responses);
        if (route !== '/healthz')
          expect([route, method, codes]).toEqual([route, method, expect.arrayContaining(['401', '429', '500'])]);
        for (const [code, response] of Object.entries(op.responses)) {
          if (Number(code) < 400 || route === '/healthz') continue;
          expect([route, method, code, Object.keys(response.content ?? {})]).toEqual([
            route,
            method,
            code,
            ['application/json'],
          ]);
          expect(response.content?.['application/json'].schema?.$ref).toBe('#/components/schemas/ErrorBodyDto');
        }
      }
    });

    it('links a listed session to its reads and a page to the next', () => {
      const search = ops.find(([, , op]) => op.operationId === 'Sessions_search')?.[2];
      expect(Object.keys(search?.responses['200'].links ?? {})).toEqual(
        expect.arrayContaining(['detail', 'frames', 'replay', 'verify', 'nextPage']),
      );
    });
  });
});
