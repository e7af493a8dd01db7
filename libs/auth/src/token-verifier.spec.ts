import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { JoseTokenVerifier, TokenVerifierOptions } from './token-verifier';
import { loadOrCreateLocalAuthKey, mintLocalToken } from './local-keys';
import { UnauthenticatedError } from './auth.errors';

const opts: TokenVerifierOptions = {
  issuer: 'auditorium-local',
  audience: 'auditorium',
  algorithms: ['EdDSA', 'ES256', 'RS256'],
  rolesClaim: 'roles',
  roleMap: { 'audit-team': 'auditor' },
  clockSkewS: 30,
};

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

describe('JoseTokenVerifier with the embedded local key', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'auth-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key once and reuses it', async () => {
    const a = await loadOrCreateLocalAuthKey(dir);
    const b = await loadOrCreateLocalAuthKey(dir);
    expect(a.kid).toBe(b.kid);
  });

  it('accepts a minted token and reads roles', async () => {
    const key = await loadOrCreateLocalAuthKey(dir);
    const v = new JoseTokenVerifier(opts, { kind: 'key', key: key.publicKey });
    const token = await mintLocalToken(key, {
      roles: ['auditor'],
      sub: 'alice',
      issuer: opts.issuer,
      audience: opts.audience,
    });
    const p = await v.verify(token);
    expect(p.sub).toBe('alice');
    expect([...p.roles]).toEqual(['auditor']);
  });

  it.each([
    ['expired', { ttlS: -120 }],
    ['wrong issuer', { issuer: 'someone-else' }],
    ['wrong audience', { audience: 'other' }],
  ])('rejects a token that is %s', async (_name, override) => {
    const key = await loadOrCreateLocalAuthKey(dir);
    const v = new JoseTokenVerifier(opts, { kind: 'key', key: key.publicKey });
    const token = await mintLocalToken(key, {
      roles: ['admin'],
      issuer: opts.issuer,
      audience: opts.audience,
      ...override,
    });
    await expect(v.verify(token)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('rejects alg none, HS256 signed with the public key, a foreign key and garbage', async () => {
    const key = await loadOrCreateLocalAuthKey(dir);
    const v = new JoseTokenVerifier(opts, { kind: 'key', key: key.publicKey });
    const now = Math.floor(Date.now() / 1000);
    const payload = b64url(
      JSON.stringify({ sub: 'x', roles: ['admin'], iss: opts.issuer, aud: opts.audience, exp: now + 600 }),
    );
    const none = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`;
    await expect(v.verify(none)).rejects.toThrow(UnauthenticatedError);

    const spki = await exportSPKI(key.publicKey);
    const hsHeader = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const sig = createHmac('sha256', spki).update(`${hsHeader}.${payload}`).digest('base64url');
    await expect(v.verify(`${hsHeader}.${payload}.${sig}`)).rejects.toThrow(UnauthenticatedError);

    const other = await generateKeyPair('EdDSA');
    const foreign = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('x')
      .setIssuer(opts.issuer)
      .setAudience(opts.audience)
      .setExpirationTime('5m')
      .sign(other.privateKey);
    await expect(v.verify(foreign)).rejects.toThrow(/bad signature/);
    await expect(v.verify('not.a.jwt')).rejects.toThrow(UnauthenticatedError);
  });
});

describe('JoseTokenVerifier against a JWKS URL', () => {
  let server: Server;
  let keys: JWK[] = [];
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function keyPair(kid: string) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('bot')
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setExpirationTime('5m')
        .sign(privateKey);
    return { jwk, sign };
  }

  it('maps groups to roles and accepts a rotated key without a restart', async () => {
    const k1 = await keyPair('k1');
    keys = [k1.jwk];
    const v = new JoseTokenVerifier({ ...opts, rolesClaim: 'groups' }, { kind: 'jwks-url', url, cooldownMs: 0 });
    const p = await v.verify(await k1.sign({ groups: ['audit-team', 'unrelated'] }));
    expect([...p.roles]).toEqual(['auditor']);

    const k2 = await keyPair('k2');
    keys = [k2.jwk]; // the IdP rotated: k1 retired, k2 published
    const p2 = await v.verify(await k2.sign({ groups: ['audit-team'] }));
    expect(p2.sub).toBe('bot');
  });
});
