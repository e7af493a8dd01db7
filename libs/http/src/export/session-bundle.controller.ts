import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../auth.decorators';
import type { AuthedRequest } from '../auth.guard';
import { ApiErrors, ApiSidParam } from '../schemas';
import { SessionBundleService } from './session-bundle.service';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/v1/sessions')
@RequireRole('auditor')
export class SessionBundleController {
  constructor(private readonly bundles: SessionBundleService) {}

  /** The self-verifying bundle of one session: check it offline with `auditorium verify --bundle <file>`. */
  @Get(':sid/bundle')
  @ApiSidParam()
  @ApiOperation({
    summary: 'Self-verifying session bundle, streamed as a download',
    description:
      'NDJSON: a header (session, seal, public key), one line per masked frame with its chain hash, an end line. ' +
      'Check it offline with `auditorium verify --bundle <file>`.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'the bundle', content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiErrors(400, 403, 404)
  bundle(@Param('sid') sid: string, @Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    return this.bundles.stream(sid, req, res);
  }
}
