import { Body, Controller, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth.decorators';
import type { AuthedRequest } from '../auth.guard';
import { ApiErrors, ApiSidParam, LegalHoldBody, LegalHoldStateDto } from '../schemas';
import { LegalHoldState, RetentionService } from './retention.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/sessions')
@RequireRole('admin')
export class LegalHoldController {
  constructor(private readonly retention: RetentionService) {}

  @Put(':sid/legal-hold')
  @ApiSidParam()
  @ApiOperation({ summary: 'Put a session on legal hold (retention keeps it) or release it' })
  @ApiOkResponse({ type: LegalHoldStateDto })
  @ApiErrors(400, 403, 404)
  set(@Param('sid') sid: string, @Body() body: LegalHoldBody, @Req() req: AuthedRequest): Promise<LegalHoldState> {
    return this.retention.setLegalHold(sid, body.hold, req);
  }
}
