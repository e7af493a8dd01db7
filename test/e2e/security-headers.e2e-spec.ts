import { aSession } from '@auditorium/frames/testing';
import { API_CSP, VIEWER_CSP } from '@auditorium/http/security-headers';
import { StandaloneProcess } from '../support/standalone-process';

/** One request per route family of the embedded service, as the token of the role it needs. */
interface Probe {
  name: string;
  method?: string;
  path: string;
  role?: 'admin' | 'auditor' | 'siem' | 'compliance' | 'ingest';
  body?: string;
  contentType?: string;
  status: number;
}

const SID = 'headers-1';
const PERIOD = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

const PROBES: Probe[] = [
  { name: 'health', path: '/healthz', status: 200 },
  { name: 'metrics', path: '/metrics', role: 'admin', status: 200 },
  { name: 'search', path: '/api/v1/sessions', role: 'auditor', status: 200 },
  { name: 'detail', path: `/api/v1/sessions/${SID}`, role: 'auditor', status: 200 },
  { name: 'frames', path: `/api/v1/sessions/${SID}/frames`, role: 'auditor', status: 200 },
  { name: 'replay', path: `/api/v1/sessions/${SID}/replay`, role: 'auditor', status: 200 },
  { name: 'timeline', path: `/api/v1/sessions/${SID}/timeline`, role: 'auditor', status: 200 },
  { name: 'verify', path: `/api/v1/sessions/${SID}/verify`, role: 'auditor', status: 200 },
  { name: 'bundle', path: `/api/v1/sessions/${SID}/bundle`, role: 'auditor', status: 200 },
  { name: 'identities', path: '/api/v1/identities', role: 'auditor', status: 200 },
  { name: 'jwks', path: '/api/v1/keys/jwks.json', role: 'siem', status: 200 },
  { name: 'openapi', path: '/api/v1/openapi.json', role: 'siem', status: 200 },
  { name: 'export', path: '/api/v1/export/events?format=csv', role: 'siem', status: 200 },
  { name: 'report json', path: `/api/v1/reports/access?${PERIOD}`, role: 'compliance', status: 200 },
  { name: 'report html', path: `/api/v1/reports/access?${PERIOD}&format=html`, role: 'compliance', status: 200 },
  { name: 'report pdf', path: `/api/v1/reports/access?${PERIOD}&format=pdf`, role: 'compliance', status: 200 },
  { name: 'access log', path: '/api/v1/access-log', role: 'admin', status: 200 },
  { name: 'retention', path: '/api/v1/admin/retention', role: 'admin', status: 200 },
  {
    name: 'legal hold',
    method: 'PUT',
    path: `/api/v1/sessions/${SID}/legal-hold`,
    role: 'admin',
    body: '{"hold":false}',
    contentType: 'application/json',
    status: 200,
  },
  { name: 'ingest', method: 'POST', path: '/api/v1/ingest', role: 'ingest', body: '', status: 200 },
  { name: 'error 401', path: '/api/v1/sessions', status: 401 },
  { name: 'error 403', path: '/api/v1/export/events', role: 'auditor', status: 403 },
  { name: 'error 404', path: '/api/v1/sessions/nope', role: 'auditor', status: 404 },
  { name: 'error 400', path: '/api/v1/sessions?limit=0', role: 'auditor', status: 400 },
];

describe('security headers on every route family (embedded app)', () => {
  let app: StandaloneProcess;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    app = await StandaloneProcess.start();
    for (const role of ['admin', 'auditor', 'siem', 'compliance', 'ingest'] as const)
      tokens[role] = await app.token([role], `headers-${role}`);
    const frames = aSession({ sid: SID, identity: { sub: 'svc-headers' }, startTs: '2026-01-05T10:00:00Z' })
      .start()
      .exchange({ method: 'GET', target: '/reports/q3' }, { status: 200, body: 'ok' })
      .end('ok')
      .ndjson();
    const res = await app.ingest(frames, tokens.ingest);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ rejected: 0 });
  });
  afterAll(() => app?.destroy());

  it.each(PROBES)('$name: nosniff, no framing, a closed CSP and no-store', async (p) => {
    const headers: Record<string, string> = {};
    if (p.contentType) headers['content-type'] = p.contentType;
    const res = await app.fetch(p.path, {
      method: p.method ?? 'GET',
      token: p.role && tokens[p.role],
      headers,
      body: p.body,
    });
    await res.arrayBuffer();
    expect([p.name, res.status]).toEqual([p.name, p.status]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/'unsafe-eval'|script-src/);
    // the printable report keeps its own policy (inline styles for its charts), as closed otherwise
    if (p.name !== 'report html') expect(csp).toBe(API_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the viewer with its strict policy, and its assets cacheable (they hold no data)', async () => {
    const res = await app.fetch('/');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(VIEWER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await app.fetch(asset as string);
    await js.arrayBuffer();
    expect(js.headers.get('content-security-policy')).toBe(VIEWER_CSP);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('cache-control')).toContain('immutable');
  });
});
