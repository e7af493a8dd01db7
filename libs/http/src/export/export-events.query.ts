import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsRFC3339, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS } from '@auditorium/export';
import type { ExportFormat } from '@auditorium/export';
import { CURSOR_FORMATS } from '../schemas/params.schema';

/** Events per response unless `limit` says otherwise. */
export const EXPORT_DEFAULT_LIMIT = 10_000;
/** Most events one response may carry. */
export const EXPORT_MAX_LIMIT = 100_000;

/** GET /api/v1/export/events query; unknown parameters are refused by the global ValidationPipe. */
export class ExportEventsQuery {
  /** native (default), ecs, ocsf, cef, csv */
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'native', description: 'event format' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
  /** resume strictly after this position (the Auditorium-Next-Cursor of the previous response) */
  @ApiPropertyOptional({
    format: CURSOR_FORMATS.export,
    description:
      'continue strictly after this position: the Auditorium-Next-Cursor of a previous response (opaque; any other value is a 400)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor' })
  cursor?: string;
  /** RFC 3339: only frames stored (ingested) at or after this time */
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'RFC 3339: only frames stored (ingested) at or after this time; for the first pull, before you hold a cursor',
  })
  @IsOptional()
  @IsRFC3339()
  since?: string;
  /** most events in this response: 1..100000, default 10000 */
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: EXPORT_MAX_LIMIT,
    default: EXPORT_DEFAULT_LIMIT,
    description: 'most events in this response (a response also stops at about 2 MiB)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(EXPORT_MAX_LIMIT)
  limit?: number;
}
