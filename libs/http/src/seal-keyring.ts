import type { SealJwks } from '@auditorium/integrity';

/** The public keys that verify session seals (served as JWKS). */
export class SealKeyring {
  constructor(readonly jwks: SealJwks) {}
}
