import { createHmac } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { loadOrCreateLocalAuthKey } from '@auditorium/auth';
import { StandaloneProcess } from '../support/standalone-process';

const b64url = (s: string) => Buffer.from(s).toString('base64url');

describe('embedded mode: every endpoint needs a verified token and the right role', () => {
  let app: StandaloneProcess;
  beforeAll(async () => {
    app = await StandaloneProcess.start();
  });
  afterAll(() => app?.destroy());

  // the seal keys too: public by nature, but every endpoint takes a verified token (README, "Query and replay API")
  const readRoutes = [
    '/api/v1/sessions',
    '/api/v1/identities',
    '/api/v1/sessions/abc',
    '/api/v1/sessions/abc/frames',
    '/api/v1/keys/jwks.json',
  ];

  it('serves /healthz without a token and prints a working admin token', async () => {
    const health = await app.fetch('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'up' });
    const res = await app.fetch('/api/v1/sessions', { token: app.adminToken });
    expect(res.status).toBe(200);
  });

  it.each(readRoutes)('401 without a token: GET %s', async (path) => {
    const res = await app.fetch(path);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('401 for a wrong signature, an expired token and alg none', async () => {
    const foreign = await generateKeyPair('EdDSA');
    const wrongSig = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('mallory')
      .setIssuer('auditorium-local')
      .setAudience('auditorium')
      .setExpirationTime('5m')
      .sign(foreign.privateKey);
    const expired = await app.token(['admin'], 'late', -3600);
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(
      JSON.stringify({ sub: 'x', roles: ['admin'], iss: 'auditorium-local', aud: 'auditorium', exp: now + 600 }),
    );
    const algNone = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    const key = await loadOrCreateLocalAuthKey(app.dataDir);
    const hsHeader = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const hsSig = createHmac('sha256', await exportSPKI(key.publicKey))
      .update(`${hsHeader}.${payload}`)
      .digest('base64url');
    const hsWithPublicKey = `${hsHeader}.${payload}.${hsSig}`;
    for (const token of [wrongSig, expired, algNone, hsWithPublicKey, 'garbage']) {
      const res = await app.fetch('/api/v1/sessions', { token });
      expect(res.status).toBe(401);
    }
  });

  it('403 for a valid token without the role; ingest needs ingest, reads need auditor', async () => {
    const ingestOnly = await app.token(['ingest']);
    const auditor = await app.token(['auditor']);
    expect((await app.fetch('/api/v1/sessions', { token: ingestOnly })).status).toBe(403);
    expect((await app.fetch('/api/v1/identities', { token: ingestOnly })).status).toBe(403);
    expect((await app.ingest('', auditor)).status).toBe(403);
    expect((await app.fetch('/api/v1/sessions', { token: auditor })).status).toBe(200);
    expect((await app.ingest('', ingestOnly)).status).toBe(200);
    expect((await app.fetch('/metrics', { token: auditor })).status).toBe(403);
    expect((await app.fetch('/metrics', { token: app.adminToken })).status).toBe(200);
  });

  it('answers a caller without rights the same whether or not a session exists', async () => {
    const ingestOnly = await app.token(['ingest']);
    const a = await app.fetch('/api/v1/sessions/does-not-exist', { token: ingestOnly });
    expect(a.status).toBe(403);
  });
});
