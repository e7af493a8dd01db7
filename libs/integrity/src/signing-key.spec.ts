import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { calculateJwkThumbprint } from 'jose';

import { loadOrCreateSigningKey, loadSigningKey, SIGNING_KEY_FILE, toJwks } from './signing-key';

describe('signing key', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(tmpdir(), 'integrity-key-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('creates a PKCS8 PEM with 0600 perms once, then reuses it', async () => {
    const keyDir = path.join(dir, 'keys');
    const a = await loadOrCreateSigningKey(keyDir);
    const file = path.join(keyDir, SIGNING_KEY_FILE);
    const stat = await fs.stat(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await fs.readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const b = await loadOrCreateSigningKey(keyDir);
    expect(b.kid).toBe(a.kid);
    const c = await loadSigningKey(file);
    expect(c.publicJwk).toEqual(a.publicJwk);
  });

  it('agrees with itself when two callers create at once', async () => {
    const [a, b] = await Promise.all([loadOrCreateSigningKey(dir), loadOrCreateSigningKey(dir)]);
    expect(a.kid).toBe(b.kid);
  });

  it('uses the RFC 7638 thumbprint as kid and publishes a public JWKS', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const { x } = key.publicJwk;
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }));
    expect(key.jwks()).toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid: key.kid, alg: 'EdDSA', use: 'sig' }] });
    expect(JSON.stringify(key.jwks())).not.toContain('"d"');
    const other = await loadOrCreateSigningKey(path.join(dir, 'other'));
    expect(toJwks(key, other.publicJwk).keys.map((k) => k.kid)).toEqual([key.kid, other.kid]);
  });

  it('explains a file that is not a key', async () => {
    const file = path.join(dir, 'bad.pem');
    await fs.writeFile(file, 'nope');
    await expect(loadSigningKey(file)).rejects.toThrow('not a PKCS8 PEM Ed25519 private key');
  });
});
