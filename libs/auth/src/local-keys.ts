import { createPrivateKey, createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, SignJWT } from 'jose';
import type { JWK } from 'jose';
import { Role } from './roles';

/** The embedded mode's own token-signing key (Ed25519), kept under the data dir. */
export interface LocalAuthKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
  kid: string;
}

export const LOCAL_AUTH_KEY_FILE = 'keys/auth-ed25519.pem';

export async function loadOrCreateLocalAuthKey(dataDir: string): Promise<LocalAuthKey> {
  const file = join(dataDir, LOCAL_AUTH_KEY_FILE);
  let pkcs8: string;
  if (existsSync(file)) {
    pkcs8 = readFileSync(file, 'utf8');
  } else {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    pkcs8 = await exportPKCS8(privateKey);
    writeFileSync(file, pkcs8, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const privateKey = createPrivateKey(pkcs8);
  const publicKey = createPublicKey(privateKey);
  const jwk = await exportJWK(publicKey);
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  return { privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' }, kid };
}

export interface MintOptions {
  roles: Role[];
  sub?: string;
  issuer: string;
  audience: string;
  /** seconds; default 12 h */
  ttlS?: number;
  scope?: { identities?: string[]; resources?: string[] };
}

export async function mintLocalToken(key: LocalAuthKey, opts: MintOptions): Promise<string> {
  const claims: Record<string, unknown> = { roles: opts.roles };
  if (opts.scope) claims['auditorium_scope'] = opts.scope;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(opts.sub ?? 'local-admin')
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${opts.ttlS ?? 12 * 3600}s`)
    .sign(key.privateKey);
}
