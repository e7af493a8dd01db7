import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { CompactSign } from 'jose';

import { sealSession, verifySeal, SEAL_TYP } from './seal';
import { loadOrCreateSigningKey } from './signing-key';
import type { SigningKey } from './signing-key';

describe('seal', () => {
  let dir: string;
  let key: SigningKey;
  let other: SigningKey;
  const input = { sid: 's1', lastSeq: 9, head: 'ab'.repeat(32), frames: 9, gaps: [{ from: 4, to: 4 }] };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(tmpdir(), 'integrity-seal-'));
    key = await loadOrCreateSigningKey(path.join(dir, 'a'));
    other = await loadOrCreateSigningKey(path.join(dir, 'b'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('signs a compact EdDSA JWS with the kid and verifies it', async () => {
    const seal = await sealSession({ ...input, sealedAt: '2025-01-02T03:04:05.000Z' }, key);
    expect(seal).toMatchObject({ kid: key.kid, lastSeq: 9, head: input.head, sealedAt: '2025-01-02T03:04:05.000Z' });
    expect(seal.jws.split('.')).toHaveLength(3);
    const header = JSON.parse(Buffer.from(seal.jws.split('.')[0], 'base64url').toString()) as Record<string, string>;
    expect(header).toEqual({ alg: 'EdDSA', kid: key.kid, typ: SEAL_TYP });

    const byJwks = await verifySeal(seal, key.jwks());
    expect(byJwks).toEqual({ valid: true, kid: key.kid, payload: { ...input, sealedAt: '2025-01-02T03:04:05.000Z' } });
    expect((await verifySeal(seal.jws, key.publicKey)).valid).toBe(true);
  });

  it('rejects a seal made with another key', async () => {
    const forged = await sealSession(input, other);
    expect(await verifySeal(forged, key.jwks())).toMatchObject({ valid: false, error: expect.stringContaining('kid') });
    // same kid claimed, other key's signature
    const claimed = await new CompactSign(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: SEAL_TYP })
      .sign(other.privateKey);
    expect(await verifySeal(claimed, key.jwks())).toMatchObject({ valid: false, error: 'signature does not verify' });
  });

  it('rejects an edited payload and non-seal JWS', async () => {
    const seal = await sealSession(input, key);
    const [h, , s] = seal.jws.split('.');
    const edited = Buffer.from(JSON.stringify({ ...input, frames: 10 })).toString('base64url');
    expect((await verifySeal(`${h}.${edited}.${s}`, key.jwks())).valid).toBe(false);
    const token = await new CompactSign(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
      .sign(key.privateKey);
    expect(await verifySeal(token, key.jwks())).toMatchObject({ valid: false, error: expect.stringContaining('typ') });
    expect(await verifySeal('garbage', key.jwks())).toMatchObject({ valid: false });
  });
});
