import { Controller, Get, Query } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, IsRFC3339, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ACCESS_ACTIONS, AccessAction, AccessEntry, AccessLog, Page } from '@auditorium/store';
import { RequireRole } from './auth.decorators';

export class AccessLogQuery {
  @IsOptional() @IsString() @MaxLength(256) actor?: string;
  @IsOptional() @IsIn(ACCESS_ACTIONS) action?: AccessAction;
  @IsOptional() @IsString() @MaxLength(512) target?: string;
  @IsOptional() @IsRFC3339() from?: string;
  @IsOptional() @IsRFC3339() to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(256) cursor?: string;
}

/** Who read which recording, when, from where (admin only). */
@Controller('api/v1/access-log')
@RequireRole('admin')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get()
  list(@Query() q: AccessLogQuery): Promise<Page<AccessEntry>> {
    return this.log.list(q);
  }
}
