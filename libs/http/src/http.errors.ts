/** Domain errors, mapped to HTTP in one place (http-exception.filter.ts). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export class StoreUnavailableError extends Error {
  constructor(detail: string) {
    super(`the recording store is unavailable: ${detail}`);
    this.name = 'StoreUnavailableError';
  }
}

export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** The caller spent its token bucket (rate-limit/): answered 429 with Retry-After. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterS: number) {
    super(`too many requests from this caller; retry after ${retryAfterS} s`);
    this.name = 'RateLimitedError';
  }
}
