/** Base class of the store's domain errors, so the API's global filter can map them in one place. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A paging cursor that was not issued by this store for this kind of listing (→ HTTP 400). */
export class InvalidCursorError extends StoreError {
  constructor(detail = 'invalid cursor') {
    super(detail);
  }
}

/** A query value the store cannot interpret, e.g. an unparseable `from` timestamp (→ HTTP 400). */
export class InvalidQueryError extends StoreError {}

/** An operation on a session that was never stored (→ HTTP 404). */
export class SessionNotFoundError extends StoreError {
  constructor(readonly sid: string) {
    super(`session not found: ${sid}`);
  }
}

/** The store was used before init() or after close(). */
export class StoreNotOpenError extends StoreError {
  constructor(state: 'not initialised' | 'closed') {
    super(`recording store is ${state}`);
  }
}
