import { isUtf8 } from 'node:buffer';

import { COMMON_FIELDS, FRAME_DTOS } from './frame.dto';
import { isPlainObject } from './frame-field.validators';
import {
  DEFAULT_MAX_FRAME_BYTES,
  Frame,
  FRAME_TYPES,
  FRAME_VERSION,
  FrameRejection,
  FrameType,
  ParseResult,
  RejectionCode,
} from './frame.types';
import { CompiledValidator, compileValidator } from './frame-validator';
import { describeJsonError } from './json-error';

export interface ParseFrameOptions {
  /** Largest accepted frame in bytes (UTF-8); DEFAULT_MAX_FRAME_BYTES (1 MiB) when unset. */
  maxBytes?: number;
}

const FRAME_TYPE_SET: ReadonlySet<string> = new Set(FRAME_TYPES);
const EXPECTED_TYPES = FRAME_TYPES.join(', ');

let validators: { [T in FrameType]: CompiledValidator<Frame> } | undefined;

/** Compiled on first use, once all decorators have run. */
function validatorFor(type: FrameType): CompiledValidator<Frame> {
  validators ??= Object.fromEntries(
    FRAME_TYPES.map((t) => [t, compileValidator<Frame>(FRAME_DTOS[t], { leadingFields: COMMON_FIELDS })]),
  ) as {
    [T in FrameType]: CompiledValidator<Frame>;
  };
  return validators[type];
}

/**
 * One frame from the bytes of a Kafka message or an NDJSON line to a typed
 * frame, or a typed rejection with a stable `code` and a reason for humans.
 * Checks run cheapest first: size (on the byte length, before decoding), UTF-8
 * and JSON, object shape, version, type, then the fields of that type.
 * Fields the contract does not define are dropped from the returned frame.
 */
export function parseFrame(input: Buffer | string, opts?: ParseFrameOptions): ParseResult {
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_FRAME_BYTES;
  let text: string;
  if (typeof input === 'string') {
    // a UTF-16 unit is 1–3 UTF-8 bytes: count only when it could matter
    if (input.length > maxBytes) return tooLarge(Buffer.byteLength(input, 'utf8'), maxBytes);
    if (input.length * 3 > maxBytes) {
      const bytes = Buffer.byteLength(input, 'utf8');
      if (bytes > maxBytes) return tooLarge(bytes, maxBytes);
    }
    text = input;
  } else {
    if (input.length > maxBytes) return tooLarge(input.length, maxBytes);
    if (!isUtf8(input)) return reject('bad_json', 'frame is not valid UTF-8');
    text = input.toString('utf8');
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return reject('bad_json', describeJsonError(text));
  }
  return validateFrameObject(value);
}

/** Validates an already parsed JSON value as a frame (see parseFrame); the input is not modified. */
export function validateFrameObject(obj: unknown): ParseResult {
  if (!isPlainObject(obj)) {
    return reject('not_an_object', `a frame must be a JSON object, got ${describeKind(obj)}`);
  }
  if (obj.v !== FRAME_VERSION) {
    return reject(
      'unsupported_version',
      obj.v === undefined
        ? `v is required: the frame contract version, ${FRAME_VERSION}`
        : `unsupported frame version ${JSON.stringify(obj.v)}: this Auditorium accepts v ${FRAME_VERSION}`,
    );
  }
  const type = obj.type;
  if (typeof type !== 'string' || !FRAME_TYPE_SET.has(type)) {
    return reject(
      'unknown_type',
      type === undefined
        ? `type is required; expected one of: ${EXPECTED_TYPES}`
        : `unknown type ${JSON.stringify(type)}; expected one of: ${EXPECTED_TYPES}`,
    );
  }

  const validator = validatorFor(type as FrameType);
  if (!validator.isValid(obj)) {
    const problems = validator.explain(obj);
    // class-validator has the last word; the compiled check mirrors it (see frame-validator.spec.ts)
    if (problems.length > 0) return reject('invalid', problems.join('; '));
  }
  return { ok: true, frame: validator.strip(obj) };
}

function reject(code: RejectionCode, reason: string): { ok: false; rejection: FrameRejection } {
  return { ok: false, rejection: { code, reason } };
}

function tooLarge(bytes: number, maxBytes: number): ParseResult {
  return reject(
    'too_large',
    `frame is ${bytes} bytes, over the ${maxBytes}-byte limit: split the payload or cut it and set truncated: true`,
  );
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
