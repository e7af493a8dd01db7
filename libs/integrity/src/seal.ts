import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import type { JSONWebKeySet } from 'jose';

import type { SeqRange, SessionSeal } from '@auditorium/store';

import { canonicalJson } from './canonical';
import { SEAL_ALG } from './signing-key';
import type { SealKeyMaterial, SigningKey } from './signing-key';

/** JWS `typ` of a seal, so a seal is never mistaken for a token signed by the same key. */
export const SEAL_TYP = 'auditorium-seal+jws';

/** What a seal signs. */
export interface SealPayload {
  sid: string;
  /** highest seq covered */
  lastSeq: number;
  /** chain hash of the frame at lastSeq */
  head: string;
  /** number of frames stored when sealed */
  frames: number;
  /** seq ranges missing when sealed */
  gaps: SeqRange[];
  /** RFC 3339 */
  sealedAt: string;
}

export type SealInput = Omit<SealPayload, 'sealedAt'> & { sealedAt?: string };

/** A JWKS, or one public key. */
export type SealVerificationKeys = JSONWebKeySet | SealKeyMaterial;

export interface SealVerification {
  valid: boolean;
  kid?: string;
  /** the signed payload, present when valid */
  payload?: SealPayload;
  /** why it is not valid */
  error?: string;
}

/** Sign a compact JWS (EdDSA, `kid` header) over the canonical JSON of the payload. */
export async function sealSession(input: SealInput, key: SigningKey): Promise<SessionSeal> {
  const payload: SealPayload = {
    sid: input.sid,
    lastSeq: input.lastSeq,
    head: input.head,
    frames: input.frames,
    gaps: input.gaps.map(({ from, to }) => ({ from, to })),
    sealedAt: input.sealedAt ?? new Date().toISOString(),
  };
  const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
    .setProtectedHeader({ alg: SEAL_ALG, kid: key.kid, typ: SEAL_TYP })
    .sign(key.privateKey);
  return { jws, kid: key.kid, lastSeq: payload.lastSeq, head: payload.head, sealedAt: payload.sealedAt };
}

/**
 * Check a seal's signature. Only the signed payload is to be trusted: the
 * plain fields next to the JWS in storage (`lastSeq`, `head`, …) are copies
 * and are compared by `verifyFrames`, not here.
 */
export async function verifySeal(seal: SessionSeal | string, keys: SealVerificationKeys): Promise<SealVerification> {
  const jws = typeof seal === 'string' ? seal : seal.jws;
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    return { valid: false, error: 'seal is not a compact JWS' };
  }
  try {
    const options = { algorithms: [SEAL_ALG] };
    const { payload, protectedHeader } = isJwks(keys)
      ? await compactVerify(jws, createLocalJWKSet(keys), options)
      : await compactVerify(jws, keys, options);
    if (protectedHeader.typ !== SEAL_TYP)
      return { valid: false, kid, error: `not a seal (typ ${protectedHeader.typ})` };
    const parsed = parsePayload(JSON.parse(new TextDecoder().decode(payload)));
    if (!parsed) return { valid: false, kid, error: 'seal payload is malformed' };
    return { valid: true, kid, payload: parsed };
  } catch (err) {
    const code = (err as { code?: string }).code;
    const error =
      code === 'ERR_JWKS_NO_MATCHING_KEY'
        ? `no known key with kid ${kid ?? '(none)'}`
        : code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
          ? 'signature does not verify'
          : (err as Error).message;
    return { valid: false, kid, error };
  }
}

function isJwks(keys: SealVerificationKeys): keys is JSONWebKeySet {
  return Array.isArray((keys as JSONWebKeySet).keys);
}

function parsePayload(value: unknown): SealPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  const isInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (typeof p.sid !== 'string' || typeof p.head !== 'string' || typeof p.sealedAt !== 'string') return null;
  if (!isInt(p.lastSeq) || !isInt(p.frames) || !Array.isArray(p.gaps)) return null;
  const gaps: SeqRange[] = [];
  for (const g of p.gaps as unknown[]) {
    const r = g as Partial<SeqRange> | null;
    if (!r || !isInt(r.from) || !isInt(r.to)) return null;
    gaps.push({ from: r.from, to: r.to });
  }
  return { sid: p.sid, lastSeq: p.lastSeq, head: p.head, frames: p.frames, gaps, sealedAt: p.sealedAt };
}
