import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsRFC3339, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ACCESS_ACTIONS, AccessAction, AccessEntry, AccessLog, Page } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import { AccessLogPageDto, ApiErrors, CURSOR_FORMATS } from './schemas';

export class AccessLogQuery {
  @ApiPropertyOptional({ description: "the token's subject", maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  @ApiPropertyOptional({ enum: ACCESS_ACTIONS })
  @IsOptional()
  @IsIn(ACCESS_ACTIONS)
  action?: AccessAction;

  @ApiPropertyOptional({ description: 'exact target, e.g. a session id', maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  target?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'at or after (RFC 3339)' })
  @IsOptional()
  @IsRFC3339()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'at or before (RFC 3339)' })
  @IsOptional()
  @IsRFC3339()
  to?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    format: CURSOR_FORMATS.accessLog,
    description: 'nextCursor of a previous page (opaque, at most 256 chars; any other value is a 400)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cursor?: string;
}

/** Who read which recording, when, from where (admin only). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/access-log')
@RequireRole('admin')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get()
  @ApiOperation({
    summary: 'The access log: every read of a recording, legal hold and retention change (newest first)',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  @ApiErrors(400, 403)
  list(@Query() q: AccessLogQuery): Promise<Page<AccessEntry>> {
    return this.log.list(q);
  }
}
