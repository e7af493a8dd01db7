import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { VerifyResult } from '@auditorium/integrity';
import { ASCIICAST_MEDIA_TYPE } from '@auditorium/replay';
import type { Page, SessionSummary, StoredFrame } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';
import { FrameRangeQueryDto, SessionSearchQuery } from './session-search.query';
import { SessionReadService } from './session-read.service';
import { ReplayQuery } from './replay.query';
import { SessionReplayService, TimelineEntry } from './session-replay.service';
import {
  ApiErrors,
  ApiSidParam,
  FrameListDto,
  SessionPageDto,
  SessionSummaryDto,
  TimelineDto,
  VerifyResultDto,
} from './schemas';

const SID = ApiSidParam();

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/v1/sessions')
@RequireRole('auditor')
export class SessionsController {
  constructor(
    private readonly sessions: SessionReadService,
    private readonly replays: SessionReplayService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search sessions',
    description:
      "All given filters must hold; newest first, cursor paging. A scoped auditor sees only the sessions in the token's `auditorium_scope`.",
  })
  @ApiOkResponse({ type: SessionPageDto })
  @ApiErrors(400, 403)
  search(@Query() query: SessionSearchQuery, @Req() req: AuthedRequest): Promise<Page<SessionSummary>> {
    return this.sessions.search(query, req);
  }

  @Get(':sid')
  @SID
  @ApiOperation({ summary: 'Session detail: summary, masking counts per info type, decisions, seal' })
  @ApiOkResponse({ type: SessionSummaryDto })
  @ApiErrors(400, 403, 404)
  detail(@Param('sid') sid: string, @Req() req: AuthedRequest): Promise<SessionSummary> {
    return this.sessions.detail(sid, req);
  }

  @Get(':sid/frames')
  @SID
  @ApiOperation({ summary: 'Stored (masked) frames by seq range, in seq order' })
  @ApiOkResponse({ type: FrameListDto })
  @ApiErrors(400, 403, 404)
  frames(
    @Param('sid') sid: string,
    @Query() query: FrameRangeQueryDto,
    @Req() req: AuthedRequest,
  ): Promise<{ items: StoredFrame[] }> {
    return this.sessions.frames(sid, query, req);
  }

  /** asciicast v2 (default) or v3, streamed: a marker per exchange, masked payloads as text. */
  @Get(':sid/replay')
  @SID
  @ApiOperation({
    summary: 'Replay as asciicast v2 (default) or v3, streamed',
    description:
      'Newline-delimited JSON: a header line, then one event per line ([time, code, data]; codes o, i, m and, in v3, x). ' +
      'One marker (m) per exchange; exchanges rendered as text; interactive sessions as their bytes; real timestamps, idle gaps kept. ' +
      'Plays in asciinema-player.',
  })
  @ApiProduces(ASCIICAST_MEDIA_TYPE)
  @ApiOkResponse({
    description: 'the cast',
    content: {
      [ASCIICAST_MEDIA_TYPE]: {
        schema: { type: 'string' },
        example:
          '{"version":2,"width":120,"height":40,"timestamp":1767600000,"title":"…"}\n[0.1,"m","GET /reports/q3 → 200"]\n',
      },
    },
  })
  @ApiErrors(400, 403, 404)
  replay(
    @Param('sid') sid: string,
    @Query() query: ReplayQuery,
    @Req() req: AuthedRequest,
    @Res() res: Response,
  ): Promise<void> {
    return this.replays.streamCast(sid, query, req, res);
  }

  @Get(':sid/timeline')
  @SID
  @ApiOperation({ summary: "Exchanges of the session on the cast's clock (one per replay marker)" })
  @ApiOkResponse({ type: TimelineDto })
  @ApiErrors(400, 403, 404)
  timeline(
    @Param('sid') sid: string,
    @Req() req: AuthedRequest,
  ): Promise<{ items: TimelineEntry[]; truncated: boolean }> {
    return this.replays.timeline(sid, req);
  }

  @Get(':sid/verify')
  @SID
  @ApiOperation({ summary: 'Recompute the hash chain from storage and check the seal' })
  @ApiOkResponse({ type: VerifyResultDto })
  @ApiErrors(400, 403, 404)
  verify(@Param('sid') sid: string, @Req() req: AuthedRequest): Promise<VerifyResult> {
    return this.replays.verify(sid, req);
  }
}
