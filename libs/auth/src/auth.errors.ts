/** No token, or a token that fails verification → 401. The reason is logged, never echoed in detail. */
export class UnauthenticatedError extends Error {
  constructor(readonly reason: string) {
    super(`unauthenticated: ${reason}`);
    this.name = 'UnauthenticatedError';
  }
}

/** A verified caller without the role → 403. */
export class ForbiddenError extends Error {
  constructor(readonly required: string) {
    super(`forbidden: requires role ${required}`);
    this.name = 'ForbiddenError';
  }
}
