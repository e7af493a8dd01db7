import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth.decorators';
import type { AuthedRequest } from '../auth.guard';
import { ApiErrors, RetentionRunDto, RetentionRunQuery, RetentionSettingsDto } from '../schemas';
import { RetentionRun, RetentionService, RetentionSettings } from './retention.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/retention')
@RequireRole('admin')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOperation({ summary: 'Retention settings (RETENTION_DAYS), the background job and its last run' })
  @ApiOkResponse({ type: RetentionSettingsDto })
  @ApiErrors(403)
  settings(): RetentionSettings {
    return this.retention.settings();
  }

  @Post('run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delete expired sessions now (sessions on legal hold are kept); dryRun=true only counts them',
  })
  @ApiOkResponse({ type: RetentionRunDto })
  @ApiErrors(400, 403, 503)
  run(@Query() q: RetentionRunQuery, @Req() req: AuthedRequest): Promise<RetentionRun> {
    return this.retention.runNow(q.dryRun ?? false, req);
  }
}
