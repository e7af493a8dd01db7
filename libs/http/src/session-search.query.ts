import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsRFC3339, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DECISION_OUTCOMES } from '@auditorium/frames';
import type { DecisionOutcome } from '@auditorium/frames';
import type { SessionStatus } from '@auditorium/store';
import { CURSOR_FORMATS, CURSOR_MAX_LENGTH } from './schemas/params.schema';

export const SESSION_STATUSES = ['active', 'ok', 'error', 'killed', 'timeout'] as const;

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** GET /api/v1/sessions query; unknown parameters are refused by the global ValidationPipe. */
export class SessionSearchQuery {
  @ApiPropertyOptional({ description: 'machine identity (sub of session.start)', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  identity?: string;

  @ApiPropertyOptional({ description: 'resource name', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  resource?: string;

  @ApiPropertyOptional({ description: 'resource type: http, postgres, ssh, …', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resourceType?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'sessions active at or after this time (RFC 3339)' })
  @IsOptional()
  @IsRFC3339()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'sessions active at or before this time (RFC 3339)' })
  @IsOptional()
  @IsRFC3339()
  to?: string;

  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ enum: DECISION_OUTCOMES, description: 'sessions with at least one decision of this outcome' })
  @IsOptional()
  @IsIn(DECISION_OUTCOMES)
  decision?: DecisionOutcome;

  @ApiPropertyOptional({ description: 'sessions in which masking found something (true) or nothing (false)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  hasMasking?: boolean;

  @ApiPropertyOptional({ pattern: '^[A-Z0-9_]{1,64}$', description: 'sessions where this info type was masked' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_]{1,64}$/)
  infoType?: string;

  @ApiPropertyOptional({
    maxLength: 512,
    description: 'full text over masked payloads: every word must occur in one frame (case-insensitive, no syntax)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  q?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    format: CURSOR_FORMATS.sessions,
    description: 'nextCursor of a previous page of this search (opaque; any other value is a 400)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    format: CURSOR_FORMATS.identities,
    description: 'nextCursor of a previous page (opaque; any other value is a 400)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

export class FrameRangeQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'first seq (inclusive)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  from?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'last seq (inclusive)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  to?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}
