/** A masking run failed; in strict mode the caller dead-letters the frame with code 'masking_failed'. */
export class MaskingError extends Error {
  override readonly name = 'MaskingError';
  readonly code = 'masking_failed' as const;

  constructor(
    message: string,
    /** field path where it failed, e.g. "body" or "headers.cookie" */
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The masking configuration is invalid; thrown at construction, naming the offending rule or field. */
export class MaskingConfigError extends Error {
  override readonly name = 'MaskingConfigError';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(`masking config ${field}: ${message}`);
  }
}
