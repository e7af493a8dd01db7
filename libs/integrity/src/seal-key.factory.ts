import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@auditorium/config';
import type { PublicSealJwk, SealJwks, SigningKey } from './signing-key';
import { loadOrCreateSigningKey, loadSigningKey, toJwks } from './signing-key';

/**
 * The seal key of this deployment: SEAL_KEY_FILE in production, or a key the
 * embedded mode creates under the data dir; plus retired public keys from
 * SEAL_JWKS_FILE so seals made before a rotation still verify.
 */
export async function loadSealKeys(config: AppConfig): Promise<{ key: SigningKey; jwks: SealJwks }> {
  const key = config.seal.keyFile
    ? await loadSigningKey(config.seal.keyFile)
    : await loadOrCreateSigningKey(join(config.dataDir, 'keys'));
  const extra: PublicSealJwk[] = config.seal.jwksFile
    ? (JSON.parse(readFileSync(config.seal.jwksFile, 'utf8')) as SealJwks).keys
    : [];
  return { key, jwks: toJwks(key, ...extra.filter((k) => k.kid !== key.kid)) };
}
