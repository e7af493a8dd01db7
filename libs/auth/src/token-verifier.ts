import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, importSPKI, JWTPayload, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from './auth.errors';
import { isRole, Principal, Role } from './roles';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  algorithms: string[];
  rolesClaim: string;
  /** claim value → role, for IdPs that put groups in the token */
  roleMap?: Record<string, string>;
  clockSkewS: number;
}

/** What jose 6 verifies with: a WebCrypto key or a Node KeyObject. */
export type VerifyKey = CryptoKey | KeyObject;

export type KeySource =
  | { kind: 'jwks-url'; url: string; cooldownMs?: number }
  | { kind: 'jwks'; jwks: JSONWebKeySet }
  | { kind: 'pem-file'; path: string; alg: string }
  | { kind: 'key'; key: VerifyKey };

/** Port: turn a bearer token into a Principal or throw UnauthenticatedError. */
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Principal>;
}

/** jose-based verifier: signature, issuer, audience, expiry (with skew) and an algorithm allow-list. */
export class JoseTokenVerifier extends TokenVerifier {
  private readonly keyResolver: Promise<VerifyKey | JWTVerifyGetKey>;

  constructor(
    private readonly options: TokenVerifierOptions,
    source: KeySource,
  ) {
    super();
    this.keyResolver = JoseTokenVerifier.resolve(source);
    // Surface key-loading errors at first use rather than as an unhandled rejection.
    this.keyResolver.catch(() => undefined);
  }

  private static async resolve(source: KeySource): Promise<VerifyKey | JWTVerifyGetKey> {
    switch (source.kind) {
      case 'jwks-url':
        // Cached; an unknown kid triggers a refetch after the cooldown, so key rotation needs no restart.
        return createRemoteJWKSet(new URL(source.url), {
          cooldownDuration: source.cooldownMs ?? 5_000,
          cacheMaxAge: 10 * 60_000,
        });
      case 'jwks':
        return createLocalJWKSet(source.jwks);
      case 'pem-file':
        return importSPKI(readFileSync(source.path, 'utf8'), source.alg);
      case 'key':
        return source.key;
    }
  }

  async verify(token: string): Promise<Principal> {
    const key = await this.keyResolver;
    let payload: JWTPayload;
    try {
      const opts = {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms,
        clockTolerance: this.options.clockSkewS,
        requiredClaims: ['exp', 'sub'],
      };
      const result = typeof key === 'function' ? await jwtVerify(token, key, opts) : await jwtVerify(token, key, opts);
      payload = result.payload;
    } catch (err) {
      throw new UnauthenticatedError(describeJoseError(err));
    }
    return this.toPrincipal(payload);
  }

  private toPrincipal(payload: JWTPayload): Principal {
    const raw = payload[this.options.rolesClaim];
    const values = Array.isArray(raw)
      ? raw.filter((r): r is string => typeof r === 'string')
      : typeof raw === 'string'
        ? raw.split(/\s+/)
        : [];
    const roles = new Set<Role>();
    for (const value of values) {
      const mapped = this.options.roleMap?.[value] ?? value;
      if (isRole(mapped)) roles.add(mapped);
    }
    const scopeClaim = payload['auditorium_scope'];
    let scope: Principal['scope'];
    if (scopeClaim && typeof scopeClaim === 'object' && !Array.isArray(scopeClaim)) {
      const s = scopeClaim as Record<string, unknown>;
      const strings = (v: unknown) =>
        Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
      scope = { identities: strings(s['identities']), resources: strings(s['resources']) };
    }
    return { sub: payload.sub as string, roles, scope, tokenId: payload.jti };
  }
}

function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim check failed: ${err.claim}`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof errors.JWKSNoMatchingKey) return 'no matching key';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'malformed token';
  if (err instanceof errors.JOSEError) return err.code;
  return 'verification failed';
}
