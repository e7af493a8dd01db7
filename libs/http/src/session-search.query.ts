import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsRFC3339, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DECISION_OUTCOMES } from '@auditorium/frames';
import type { DecisionOutcome } from '@auditorium/frames';
import type { SessionStatus } from '@auditorium/store';

const SESSION_STATUSES = ['active', 'ok', 'error', 'killed', 'timeout'] as const;

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** GET /api/v1/sessions query; unknown parameters are refused by the global ValidationPipe. */
export class SessionSearchQuery {
  @IsOptional() @IsString() @MaxLength(256) identity?: string;
  @IsOptional() @IsString() @MaxLength(256) resource?: string;
  @IsOptional() @IsString() @MaxLength(64) resourceType?: string;
  @IsOptional() @IsRFC3339() from?: string;
  @IsOptional() @IsRFC3339() to?: string;
  @IsOptional() @IsIn(SESSION_STATUSES) status?: SessionStatus;
  @IsOptional() @IsIn(DECISION_OUTCOMES) decision?: DecisionOutcome;
  @IsOptional() @Transform(toBool) @IsBoolean() hasMasking?: boolean;
  @IsOptional() @IsString() @Matches(/^[A-Z0-9_]{1,64}$/) infoType?: string;
  /** full text over masked payloads */
  @IsOptional() @IsString() @MaxLength(512) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(2048) cursor?: string;
}

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(2048) cursor?: string;
}

export class FrameRangeQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) from?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) to?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) limit?: number;
}
