import { Controller, Get, Query } from '@nestjs/common';
import { IdentitySummary, Page, RecordingStore } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import { PageQuery } from './session-search.query';

@Controller('api/v1/identities')
@RequireRole('auditor')
export class IdentitiesController {
  constructor(private readonly store: RecordingStore) {}

  @Get()
  list(@Query() query: PageQuery): Promise<Page<IdentitySummary>> {
    return this.store.listIdentities({ limit: query.limit, cursor: query.cursor });
  }
}
