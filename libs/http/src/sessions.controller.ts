import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { Page, SessionSummary, StoredFrame } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';
import { FrameRangeQueryDto, SessionSearchQuery } from './session-search.query';
import { SessionReadService } from './session-read.service';

@Controller('api/v1/sessions')
@RequireRole('auditor')
export class SessionsController {
  constructor(private readonly sessions: SessionReadService) {}

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
}
