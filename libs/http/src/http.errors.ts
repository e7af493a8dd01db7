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
