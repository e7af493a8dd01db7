import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@auditorium/auth';
import { IdentitySummary, Page, RecordingStore } from '@auditorium/store';
import { RequireRole } from './auth.decorators';
import type { AuthedRequest } from './auth.guard';
import { ApiErrors, IdentityPageDto } from './schemas';
import { PageQuery } from './session-search.query';

@ApiTags('identities')
@ApiBearerAuth()
@Controller('api/v1/identities')
@RequireRole('auditor')
export class IdentitiesController {
  constructor(private readonly store: RecordingStore) {}

  @Get()
  @ApiOperation({
    summary: 'Machine identities with session counts, resources, first and last seen, masked counts (last seen first)',
  })
  @ApiOkResponse({ type: IdentityPageDto })
  @ApiErrors(400, 403)
  async list(@Query() query: PageQuery, @Req() req: AuthedRequest): Promise<Page<IdentitySummary>> {
    const page = await this.store.listIdentities({ limit: query.limit, cursor: query.cursor });
    const p = req.principal;
    if (!p?.scope || p.roles.has('admin')) return page;
    return { ...page, items: page.items.flatMap((i) => scoped(p.scope as NonNullable<Principal['scope']>, i)) };
  }
}

/**
 * A scoped auditor sees only the identities of its scope, and of those only
 * the resources of its scope: the rest must not even be named.
 */
function scoped(scope: NonNullable<Principal['scope']>, i: IdentitySummary): IdentitySummary[] {
  if (scope.identities && !scope.identities.includes(i.sub)) return [];
  if (!scope.resources) return [i];
  const resources = i.resources.filter((r) => scope.resources?.includes(r));
  return resources.length ? [{ ...i, resources }] : [];
}
