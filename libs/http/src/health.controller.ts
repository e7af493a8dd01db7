import { Controller, Get, Optional, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetricsService } from '@auditorium/observability';
import { RecordingStore } from '@auditorium/store';
import { Public, RequireRole } from './auth.decorators';
import { KafkaReadiness } from './kafka-readiness';
import { ApiErrors, HealthDto } from './schemas';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly store: RecordingStore,
    private readonly metrics: MetricsService,
    @Optional() private readonly kafka?: KafkaReadiness,
  ) {}

  /** Liveness and store readiness; the only route without a token, so it says nothing sensitive. */
  @Get('healthz')
  @Public()
  @ApiOperation({ summary: 'Liveness and readiness of the store (and Kafka when configured); no token needed' })
  @ApiOkResponse({ type: HealthDto })
  @ApiResponse({ status: 503, description: 'degraded: the store or Kafka is down', type: HealthDto })
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: string; store: string; kafka?: string }> {
    // A hung engine must not hang the probe: answer degraded after 3 s.
    const timeout = new Promise<{ ok: false }>((r) => setTimeout(() => r({ ok: false }), 3000).unref());
    const h = await Promise.race([this.store.health().catch(() => ({ ok: false })), timeout]);
    const kafkaUp = this.kafka ? this.kafka.ready() : undefined;
    const ok = h.ok && kafkaUp !== false;
    if (!ok) res.status(503);
    return {
      status: ok ? 'ok' : 'degraded',
      store: h.ok ? 'up' : 'down',
      ...(kafkaUp === undefined ? {} : { kafka: kafkaUp ? 'up' : 'down' }),
    };
  }

  /** Prometheus scrape endpoint; give your scraper an admin-scoped token. */
  @Get('metrics')
  @RequireRole('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Prometheus metrics (admin)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(403)
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
