import {
  registerDecorator,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

import { isFrameTimestamp } from './frame-timestamp';

/**
 * Class-validator constraints the frame DTOs need beyond the stock ones. Their
 * names are the keys the JSON Schema generator (frame-schema.ts) maps to schema
 * fragments, so renaming one means updating the converters there.
 */
export const FRAME_CONSTRAINTS = {
  timestamp: 'isFrameTimestamp',
  stringRecord: 'isStringRecord',
  exchangeMeta: 'isExchangeMeta',
} as const;

/**
 * The field may be left out, but when present it must be valid: unlike
 * class-validator's @IsOptional, `null` is not accepted as "absent", so the
 * parser and the published JSON Schema agree.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

@ValidatorConstraint({ name: FRAME_CONSTRAINTS.timestamp })
export class IsFrameTimestampConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isFrameTimestamp(value);
  }

  defaultMessage(): string {
    return '$property must be an RFC 3339 timestamp of a real date with an offset and at most 6 fraction digits, e.g. 2026-01-31T12:00:00.123456Z';
  }
}

@ValidatorConstraint({ name: FRAME_CONSTRAINTS.stringRecord })
export class IsStringRecordConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!isPlainObject(value)) return false;
    for (const key in value) {
      if (typeof value[key] !== 'string') return false;
    }
    return true;
  }

  defaultMessage(args: ValidationArguments): string {
    const value: unknown = args.value;
    if (!isPlainObject(value)) return '$property must be an object of string values';
    const bad = Object.keys(value).find((key) => typeof value[key] !== 'string');
    return `$property.${bad ?? '?'} must be a string`;
  }
}

type MetaCheck = { key: string; ok: (value: unknown) => boolean; expected: string };

const META_CHECKS: readonly MetaCheck[] = [
  { key: 'sql', ok: (v) => typeof v === 'string', expected: 'a string' },
  { key: 'rowCount', ok: (v) => Number.isSafeInteger(v) && (v as number) >= 0, expected: 'an integer ≥ 0' },
  {
    key: 'durationMs',
    ok: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
    expected: 'a number ≥ 0',
  },
];

/** Protocol extras: an object whose known keys are typed; other keys pass through untouched. */
@ValidatorConstraint({ name: FRAME_CONSTRAINTS.exchangeMeta })
export class IsExchangeMetaConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!isPlainObject(value)) return false;
    for (const check of META_CHECKS) {
      const field = value[check.key];
      if (field !== undefined && !check.ok(field)) return false;
    }
    return true;
  }

  defaultMessage(args: ValidationArguments): string {
    const value: unknown = args.value;
    if (!isPlainObject(value)) return '$property must be an object';
    const bad = META_CHECKS.find((check) => value[check.key] !== undefined && !check.ok(value[check.key]));
    return bad ? `$property.${bad.key} must be ${bad.expected}` : '$property is invalid';
  }
}

function constraintDecorator(constraint: new () => ValidatorConstraintInterface) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        target: target.constructor,
        propertyName: String(propertyName),
        options,
        validator: constraint,
      });
}

/** RFC 3339 timestamp (TS_PATTERN) naming a real date and time. */
export const IsFrameTimestamp = constraintDecorator(IsFrameTimestampConstraint);
/** A JSON object whose values are all strings (headers, labels). */
export const IsStringRecord = constraintDecorator(IsStringRecordConstraint);
/** `meta` of request/response frames. */
export const IsExchangeMeta = constraintDecorator(IsExchangeMetaConstraint);
