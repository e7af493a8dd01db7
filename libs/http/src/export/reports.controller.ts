import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireRole } from '../auth.decorators';
import type { AuthedRequest } from '../auth.guard';
import { ApiErrors } from '../schemas';
import { AccessReportQuery } from './access-report.query';
import { AccessReportService } from './access-report.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
@RequireRole('compliance')
export class ReportsController {
  constructor(private readonly reports: AccessReportService) {}

  /** Who accessed what over [from, to): JSON, CSV, printable HTML with charts, or PDF (as an attachment). */
  @Get('access')
  @ApiOperation({
    summary: 'Access report of an identity and/or resource over a period (role compliance)',
    description:
      'Sessions, exchanges, bytes, resources touched, denied and approved decisions, info types masked with counts, ' +
      'first and last access, access over time. JSON, CSV, printable HTML with charts, or PDF (as an attachment).',
  })
  @ApiProduces('application/json', 'text/csv', 'text/html', 'application/pdf')
  @ApiOkResponse({
    description: 'the report in the requested format',
    content: {
      'application/json': { schema: { type: 'object' } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(400, 403)
  access(@Query() query: AccessReportQuery, @Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    return this.reports.send(query, req, res);
  }
}
