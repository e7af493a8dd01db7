import type { AppConfig } from '@auditorium/config';
import { loadOrCreateLocalAuthKey, mintLocalToken } from './local-keys';
import { JoseTokenVerifier, TokenVerifier } from './token-verifier';

/**
 * The verifier a process uses, from AUTH_* settings. In local (embedded) mode
 * it also mints the first admin's token, printed at start.
 */
export async function createTokenVerifier(
  config: AppConfig,
): Promise<{ verifier: TokenVerifier; adminToken?: string }> {
  const opts = {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    algorithms: config.auth.algorithms,
    rolesClaim: config.auth.rolesClaim,
    roleMap: config.auth.roleMap,
    clockSkewS: config.auth.clockSkewS,
  };
  if (config.auth.mode === 'jwks')
    return { verifier: new JoseTokenVerifier(opts, { kind: 'jwks-url', url: config.auth.jwksUrl as string }) };
  if (config.auth.mode === 'key-file')
    return {
      verifier: new JoseTokenVerifier(opts, {
        kind: 'pem-file',
        path: config.auth.publicKeyFile as string,
        alg: config.auth.algorithms[0],
      }),
    };
  const key = await loadOrCreateLocalAuthKey(config.dataDir);
  const adminToken = await mintLocalToken(key, {
    roles: ['admin'],
    sub: 'local-admin',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  return { verifier: new JoseTokenVerifier(opts, { kind: 'key', key: key.publicKey }), adminToken };
}
