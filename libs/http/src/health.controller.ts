import { Controller, Get, Header, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MetricsService } from '@auditorium/observability';
import { RecordingStore } from '@auditorium/store';
import { Public, RequireRole } from './auth.decorators';
import { KafkaReadiness } from './kafka-readiness';

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
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: string; store: string; kafka?: string }> {
    const h = await this.store.health().catch(() => ({ ok: false }));
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
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
