import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../auth.decorators';
import type { AuthedRequest } from '../auth.guard';
import { ApiErrors } from '../schemas';
import { EXPORT_HEADERS } from './export-headers';
import { ExportEventsQuery } from './export-events.query';
import { ExportEventsService } from './export-events.service';

@ApiTags('export')
@ApiBearerAuth()
@Controller('api/v1/export')
@RequireRole('siem')
export class ExportController {
  constructor(private readonly exports: ExportEventsService) {}

  /**
   * Events in ingest order, at most `limit` per response; the next cursor is in
   * the Auditorium-Next-Cursor header and Auditorium-More says whether to ask again now.
   */
  @Get('events')
  @ApiOperation({
    summary: 'Incremental SIEM export, in ingest order (role siem)',
    description:
      'One bounded page of events (at most `limit`, about 2 MiB), one per line: native frames, ECS, OCSF, CEF or CSV. ' +
      'Continue with the Auditorium-Next-Cursor header; Auditorium-More: true means ask again now. ' +
      'Late frames are never skipped; delivery is at-least-once, de-duplicate on the event id sid:seq. See docs/export.md.',
  })
  @ApiProduces('application/x-ndjson', 'text/csv', 'text/plain')
  @ApiOkResponse({
    description: 'the events of this page',
    headers: {
      [EXPORT_HEADERS.nextCursor]: {
        description: 'cursor naming the last event delivered',
        schema: { type: 'string' },
      },
      [EXPORT_HEADERS.more]: { description: 'true: more is waiting, ask again now', schema: { type: 'boolean' } },
      [EXPORT_HEADERS.events]: { description: 'events in this response', schema: { type: 'integer' } },
      Link: { description: '<next request>; rel="next"', schema: { type: 'string' } },
    },
    content: {
      'application/x-ndjson': { schema: { type: 'string' } },
      'text/csv': { schema: { type: 'string' } },
      'text/plain': { schema: { type: 'string' } },
    },
  })
  @ApiErrors(400, 403, 503)
  events(@Query() query: ExportEventsQuery, @Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    return this.exports.stream(query, req, res);
  }
}
