import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { VerifyResult } from '@auditorium/integrity';
import type { Page, SessionSummary, StoredFrame } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';
import { FrameRangeQueryDto, SessionSearchQuery } from './session-search.query';
import { SessionReadService } from './session-read.service';
import { ReplayQuery } from './replay.query';
import { SessionReplayService, TimelineEntry } from './session-replay.service';

@Controller('api/v1/sessions')
@RequireRole('auditor')
export class SessionsController {
  constructor(
    private readonly sessions: SessionReadService,
    private readonly replays: SessionReplayService,
  ) {}

  @Get()
  search(@Query() query: SessionSearchQuery, @Req() req: AuthedRequest): Promise<Page<SessionSummary>> {
    return this.sessions.search(query, req);
  }

  @Get(':sid')
  detail(@Param('sid') sid: string, @Req() req: AuthedRequest): Promise<SessionSummary> {
    return this.sessions.detail(sid, req);
  }

  @Get(':sid/frames')
  frames(
    @Param('sid') sid: string,
    @Query() query: FrameRangeQueryDto,
    @Req() req: AuthedRequest,
  ): Promise<{ items: StoredFrame[] }> {
    return this.sessions.frames(sid, query, req);
  }

  /** asciicast v2 (default) or v3, streamed: a marker per exchange, masked payloads as text. */
  @Get(':sid/replay')
  replay(
    @Param('sid') sid: string,
    @Query() query: ReplayQuery,
    @Req() req: AuthedRequest,
    @Res() res: Response,
  ): Promise<void> {
    return this.replays.streamCast(sid, query, req, res);
  }

  @Get(':sid/timeline')
  timeline(
    @Param('sid') sid: string,
    @Req() req: AuthedRequest,
  ): Promise<{ items: TimelineEntry[]; truncated: boolean }> {
    return this.replays.timeline(sid, req);
  }

  @Get(':sid/verify')
  verify(@Param('sid') sid: string, @Req() req: AuthedRequest): Promise<VerifyResult> {
    return this.replays.verify(sid, req);
  }
}
