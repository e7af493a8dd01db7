import 'reflect-metadata';

import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { IsExchangeMeta, IsFrameTimestamp, IsStringRecord, Optional } from './frame-field.validators';
import { ClientInfoDto, GatewayInfoDto, IdentityDto, ResourceDto } from './frame-parts.dto';
import {
  DECISION_OUTCOMES,
  DecisionFrame,
  DecisionOutcome,
  Encoding,
  ENCODINGS,
  ErrorFrame,
  ExchangeMeta,
  Frame,
  FRAME_FIELD_LIMITS as LIMITS,
  FRAME_VERSION,
  FrameType,
  InputFrame,
  OutputFrame,
  RequestFrame,
  ResponseFrame,
  SESSION_END_STATUSES,
  SessionEndFrame,
  SessionEndStatus,
  SessionStartFrame,
  SID_PATTERN,
} from './frame.types';

/*
 * The class-validator classes are the source of truth of frame contract v1:
 * the parser validates with them (frame-validator.ts compiles them into a fast
 * check) and docs/frames.schema.json is generated from them.
 *
 * Fields a class does not declare are stripped on parse (whitelist), so a
 * gateway may already send fields a later, additive version of the contract
 * defines. `meta`, `headers` and `labels` keep all their keys.
 *
 * Decorator order matters for the messages: with `stopAtFirstError` the
 * decorator nearest the property runs first, so the type check sits last.
 */

/** Fields every frame carries, in the order frames and the schema list them. */
export const COMMON_FIELDS = ['v', 'sid', 'seq', 'ts', 'type'] as const;

/** Fields every frame carries. */
export abstract class FrameBaseDto {
  @Equals(FRAME_VERSION)
  v!: typeof FRAME_VERSION;

  @Matches(SID_PATTERN, { message: '$property must be 1–128 characters of [A-Za-z0-9._:-]' })
  @IsString()
  sid!: string;

  @Max(Number.MAX_SAFE_INTEGER)
  @Min(0, { message: '$property must not be negative' })
  @IsInt()
  seq!: number;

  @IsFrameTimestamp()
  @IsString()
  ts!: string;

  abstract type: FrameType;

  @Optional()
  @IsBoolean()
  truncated?: boolean;
}

export class SessionStartFrameDto extends FrameBaseDto implements SessionStartFrame {
  @Equals('session.start')
  type!: 'session.start';

  @ValidateNested()
  @Type(() => IdentityDto)
  @IsObject()
  identity!: IdentityDto;

  @ValidateNested()
  @Type(() => ResourceDto)
  @IsObject()
  resource!: ResourceDto;

  @Optional()
  @ValidateNested()
  @Type(() => ClientInfoDto)
  @IsObject()
  client?: ClientInfoDto;

  @Optional()
  @ValidateNested()
  @Type(() => GatewayInfoDto)
  @IsObject()
  gateway?: GatewayInfoDto;

  @Optional()
  @IsStringRecord()
  labels?: Record<string, string>;

  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  correlationId?: string;
}

/** Fields request and response frames share. */
abstract class ExchangeFrameDto extends FrameBaseDto {
  @MaxLength(LIMITS.id)
  @MinLength(1)
  @IsString()
  xid!: string;

  @Optional()
  @MaxLength(LIMITS.method)
  @IsString()
  method?: string;

  @Optional()
  @MaxLength(LIMITS.target)
  @IsString()
  target?: string;

  @Optional()
  @IsStringRecord()
  headers?: Record<string, string>;

  @Optional()
  @IsString()
  body?: string;

  @Optional()
  @IsIn(ENCODINGS)
  encoding?: Encoding;

  @Optional()
  @IsExchangeMeta()
  meta?: ExchangeMeta;
}

export class RequestFrameDto extends ExchangeFrameDto implements RequestFrame {
  @Equals('request')
  type!: 'request';
}

export class ResponseFrameDto extends ExchangeFrameDto implements ResponseFrame {
  @Equals('response')
  type!: 'response';

  @Optional()
  @Max(999)
  @Min(0, { message: '$property must not be negative' })
  @IsInt()
  status?: number;
}

export class InputFrameDto extends FrameBaseDto implements InputFrame {
  @Equals('input')
  type!: 'input';

  @IsString()
  data!: string;

  @Optional()
  @IsIn(ENCODINGS)
  encoding?: Encoding;
}

export class OutputFrameDto extends FrameBaseDto implements OutputFrame {
  @Equals('output')
  type!: 'output';

  @IsString()
  data!: string;

  @Optional()
  @IsIn(ENCODINGS)
  encoding?: Encoding;
}

export class DecisionFrameDto extends FrameBaseDto implements DecisionFrame {
  @Equals('decision')
  type!: 'decision';

  @IsIn(DECISION_OUTCOMES)
  outcome!: DecisionOutcome;

  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  policy?: string;

  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  reviewer?: string;

  @Optional()
  @IsString()
  reason?: string;

  @Optional()
  @MaxLength(LIMITS.id)
  @MinLength(1)
  @IsString()
  xid?: string;
}

export class SessionEndFrameDto extends FrameBaseDto implements SessionEndFrame {
  @Equals('session.end')
  type!: 'session.end';

  @IsIn(SESSION_END_STATUSES)
  status!: SessionEndStatus;

  @Optional()
  @Min(-2147483648)
  @Max(2147483647)
  @IsInt()
  exitCode?: number;

  @Optional()
  @IsString()
  reason?: string;
}

export class ErrorFrameDto extends FrameBaseDto implements ErrorFrame {
  @Equals('error')
  type!: 'error';

  @IsString()
  message!: string;
}

/** The class that validates each frame type. */
export const FRAME_DTOS: { readonly [T in FrameType]: new () => FrameBaseDto & Extract<Frame, { type: T }> } = {
  'session.start': SessionStartFrameDto,
  request: RequestFrameDto,
  response: ResponseFrameDto,
  input: InputFrameDto,
  output: OutputFrameDto,
  decision: DecisionFrameDto,
  'session.end': SessionEndFrameDto,
  error: ErrorFrameDto,
};
