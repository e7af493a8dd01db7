import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessAction, AccessLog } from '@auditorium/store';
import { MetricsService } from '@auditorium/observability';
import type { AuthedRequest } from './auth.guard';

/** Records every read of a recording: who, when, what, from where. */
@Injectable()
export class AccessRecorder {
  private readonly logger = new Logger('AccessRecorder');

  constructor(
    private readonly log: AccessLog,
    private readonly metrics: MetricsService,
  ) {}

  async record(req: AuthedRequest, action: AccessAction, target: string, status = 200): Promise<void> {
    this.metrics.recordingReads.inc({ kind: action });
    try {
      await this.log.record({
        id: randomUUID(),
        at: new Date().toISOString(),
        actor: req.principal?.sub ?? 'anonymous',
        roles: [...(req.principal?.roles ?? [])],
        action,
        target,
        ip: req.ip ?? req.socket?.remoteAddress,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : undefined,
        status,
      });
    } catch (err) {
      // A read must not silently go unrecorded: surface it loudly (and fail the request).
      this.logger.error({ msg: 'access log write failed', action, target, err });
      throw err;
    }
  }
}
