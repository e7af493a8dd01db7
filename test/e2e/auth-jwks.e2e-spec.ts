import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { freePort, REPO_ROOT, STANDALONE_MAIN } from '../support/standalone-process';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'auditorium-api';
const b64url = (s: string) => Buffer.from(s).toString('base64url');

interface SigningKey {
  kid: string;
  jwk: JWK;
  publicPem: string;
  sign(claims: Record<string, unknown>, opts?: { iss?: string; aud?: string; exp?: number | string }): Promise<string>;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return {
    kid,
    jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    publicPem: await exportSPKI(publicKey),
    sign: (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('ci-bot')
        .setIssuer(opts.iss ?? ISSUER)
        .setAudience(opts.aud ?? AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? '5m')
        .sign(privateKey),
  };
}

/**
 * The embedded process verifying tokens against an identity provider's JWKS
 * URL (AUTH_MODE=jwks), served here by a tiny local HTTP server whose keys
 * the test rotates while the process runs.
 */
describe('embedded mode with AUTH_MODE=jwks: IdP tokens, rotation without a restart', () => {
  let jwksServer: Server;
  let published: JWK[] = [];
  let fetches = 0;
  let child: ChildProcess;
  let output = '';
  let baseUrl = '';
  let dataDir: string;
  let k1: SigningKey;

  beforeAll(async () => {
    k1 = await signingKey('k1');
    published = [k1.jwk];
    jwksServer = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;

    dataDir = mkdtempSync(join(tmpdir(), 'auditorium-e2e-jwks-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [STANDALONE_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TZ: 'UTC',
        AUDITORIUM_HOST: '127.0.0.1',
        AUDITORIUM_PORT: String(port),
        AUDITORIUM_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: '',
        AUTH_MODE: 'jwks',
        AUTH_JWKS_URL: jwksUrl,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`standalone exited with ${child.exitCode}:\n${output}`);
      return (await fetch(`${baseUrl}/healthz`).catch(() => undefined))?.status === 200;
    }, `standalone did not answer /healthz:\n${output}`);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise<void>((r) => (jwksServer ? jwksServer.close(() => r()) : r()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (token?: string, path = '/api/v1/sessions') =>
    fetch(baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('prints no admin token: in jwks mode the IdP is the only issuer', () => {
    expect(output).not.toContain('Admin token');
  });

  it('accepts a token of the IdP with the role, and answers 403 without the role', async () => {
    expect((await get(await k1.sign({ roles: ['auditor'] }))).status).toBe(200);
    expect((await get(await k1.sign({ roles: ['ingest'] }))).status).toBe(403);
    expect((await get(await k1.sign({ roles: ['auditor'] }), '/api/v1/access-log')).status).toBe(403);
  });

  it('401: missing, expired, wrong issuer, wrong audience, alg none, HS256 keyed with the public key, foreign key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory', roles: ['admin'], iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 };
    const payload = b64url(JSON.stringify(claims));
    const algNone = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    // the classic key-confusion attack: HMAC with the published public key as the secret
    const hsTokens = [k1.publicPem, JSON.stringify(k1.jwk)].map((secret) => {
      const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'k1' }));
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      return `${header}.${payload}.${sig}`;
    });
    const foreign = await (await signingKey('k1')).sign({ roles: ['admin'] }); // same kid, other key
    const cases: Array<[string, string | undefined]> = [
      ['missing', undefined],
      ['expired', await k1.sign({ roles: ['admin'] }, { exp: now - 3600 })],
      ['wrong issuer', await k1.sign({ roles: ['admin'] }, { iss: 'https://evil.example.test' })],
      ['wrong audience', await k1.sign({ roles: ['admin'] }, { aud: 'some-other-api' })],
      ['alg none', algNone],
      ['HS256 with the PEM public key', hsTokens[0]],
      ['HS256 with the JWK public key', hsTokens[1]],
      ['foreign key', foreign],
      ['garbage', 'not-a-jwt'],
    ];
    for (const [name, token] of cases) {
      const res = await get(token);
      expect([name, res.status]).toEqual([name, 401]);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('accepts a rotated key without a restart, and refuses the retired one', async () => {
    const pid = child.pid;
    const before = fetches;
    const k2 = await signingKey('k2');
    published = [k2.jwk]; // the IdP rotated: k1 retired, k2 published
    const fresh = await k2.sign({ roles: ['auditor'] });
    // an unknown kid triggers a refetch of the JWKS, at most once per cooldown: poll until it happened
    await until(async () => (await get(fresh)).status === 200, 'the rotated key was never accepted');
    expect(fetches).toBeGreaterThan(before);
    expect(child.pid).toBe(pid);
    expect(child.exitCode).toBeNull();
    expect((await get(await k1.sign({ roles: ['auditor'] }))).status).toBe(401);
  });
});

/** Polls `check` until it holds (no time is asserted: only that it eventually holds). */
async function until(check: () => Promise<boolean>, failure: string, attempts = 120): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(failure);
}
