import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessAction, AccessEntry, AccessLog } from '@auditorium/store';
import { MetricsService } from '@auditorium/observability';
import type { AuthedRequest } from './auth.guard';

/** Actions that change what is kept, or refusals, rather than reads of a recording (not counted as reads). */
const NOT_READS: ReadonlySet<AccessAction> = new Set<AccessAction>([
  'legal_hold.set',
  'legal_hold.release',
  'retention.run',
  'retention.dry_run',
  'access.denied',
]);

/** Longest target kept: a query string is the caller's, bounded so a request cannot bloat the log. */
const MAX_TARGET = 1024;

/** Records every read of a recording, and every change to what is kept: who, when, what, from where. */
@Injectable()
export class AccessRecorder {
  private readonly logger = new Logger('AccessRecorder');

  constructor(
    private readonly log: AccessLog,
    private readonly metrics: MetricsService,
  ) {}

  async record(req: AuthedRequest, action: AccessAction, target: string, status = 200): Promise<void> {
    await this.write({
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: req.principal?.sub ?? 'anonymous',
      roles: [...(req.principal?.roles ?? [])],
      action,
      target: target.length > MAX_TARGET ? `${target.slice(0, MAX_TARGET - 1)}…` : target,
      ip: req.ip ?? req.socket?.remoteAddress,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 512) : undefined,
      status,
    });
  }

  /** An action Auditorium took by itself (the retention job): the actor names the component, no request. */
  async recordSystem(actor: string, action: AccessAction, target: string): Promise<void> {
    await this.write({ id: randomUUID(), at: new Date().toISOString(), actor, roles: [], action, target });
  }

  private async write(entry: AccessEntry): Promise<void> {
    const { action, target } = entry;
    if (!NOT_READS.has(action) && (entry.status ?? 200) < 400) this.metrics.recordingReads.inc({ kind: action });
    try {
      await this.log.record(entry);
    } catch (err) {
      // A read must not silently go unrecorded: surface it loudly (and fail the request).
      this.logger.error({ msg: 'access log write failed', action, target, err });
      throw err;
    }
  }
}
