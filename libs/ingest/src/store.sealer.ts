import { sealSession, SigningKey } from '@auditorium/integrity';
import type { SealSigner } from '@auditorium/store';

/** The SealSigner of a deployment: Ed25519 seals with its key (the store calls it inside writeFrames). */
export function sealSigner(key: SigningKey): SealSigner {
  return (input) => sealSession(input, key);
}
