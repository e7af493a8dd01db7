import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8 } from 'jose';

/** File name of the key `loadOrCreateSigningKey` keeps in its directory. */
export const SIGNING_KEY_FILE = 'seal-signing-key.pem';

export const SEAL_ALG = 'EdDSA' as const;

/** A public Ed25519 key as published in the JWKS. */
export interface PublicSealJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SEAL_ALG;
  use: 'sig';
}

export interface SealJwks {
  keys: PublicSealJwk[];
}

/** Key material jose accepts (CryptoKey in Node's WebCrypto build). */
export type SealKeyMaterial = Awaited<ReturnType<typeof importPKCS8>>;

export interface SigningKey {
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key */
  kid: string;
  alg: typeof SEAL_ALG;
  privateKey: SealKeyMaterial;
  publicKey: SealKeyMaterial;
  publicJwk: PublicSealJwk;
  /** The public JWKS holding this key only. */
  jwks(): SealJwks;
}

/**
 * The embedded default: `<dir>/seal-signing-key.pem` (PKCS8 PEM, mode 0600),
 * created with a fresh Ed25519 key when absent. Creation is exclusive, so two
 * processes starting together end up with the same key.
 */
export async function loadOrCreateSigningKey(dir: string): Promise<SigningKey> {
  const file = path.join(dir, SIGNING_KEY_FILE);
  try {
    return await loadSigningKey(file);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(SEAL_ALG, { crv: 'Ed25519', extractable: true });
  const pem = await exportPKCS8(privateKey);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
  } catch (err) {
    // lost a race with another process: use its key
    if (isExists(err)) return loadSigningKey(file);
    throw err;
  }
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return signingKeyFromPem(pem);
}

/** Production: a PKCS8 PEM Ed25519 private key file given by configuration. */
export async function loadSigningKey(pemFile: string): Promise<SigningKey> {
  const pem = await fs.readFile(pemFile, 'utf8');
  return signingKeyFromPem(pem);
}

export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  let privateKey: SealKeyMaterial;
  try {
    privateKey = await importPKCS8(pem, SEAL_ALG, { extractable: true });
  } catch (err) {
    throw new Error(`seal signing key is not a PKCS8 PEM Ed25519 private key: ${(err as Error).message}`);
  }
  const jwk = await exportJWK(privateKey);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('seal signing key must be an Ed25519 key');
  }
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'sha256');
  const publicJwk: PublicSealJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: SEAL_ALG, use: 'sig' };
  const publicKey = (await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, SEAL_ALG)) as SealKeyMaterial;
  return { kid, alg: SEAL_ALG, privateKey, publicKey, publicJwk, jwks: () => toJwks(publicJwk) };
}

/** A JWKS from several public keys (current plus retired ones, for rotation). */
export function toJwks(...keys: Array<PublicSealJwk | SigningKey>): SealJwks {
  return { keys: keys.map((k) => ('publicJwk' in k ? k.publicJwk : k)).map((k) => ({ ...k })) };
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function isExists(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';
}
