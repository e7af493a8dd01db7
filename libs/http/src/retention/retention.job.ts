import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RETENTION_SCHEDULE, RetentionSchedule } from './retention.schedule';
import { RetentionService } from './retention.service';

/**
 * Runs retention in the background: purgeExpired(now − RETENTION_DAYS) every
 * interval. The timer is unref'd (it never keeps the process alive) and is
 * stopped before shutdown closes the store, waiting for a run in progress.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RetentionJob');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly retention: RetentionService,
    @Inject(RETENTION_SCHEDULE) private readonly schedule: RetentionSchedule,
  ) {}

  onApplicationBootstrap(): void {
    if (this.schedule.enabled) this.arm(this.schedule.initialDelayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop();
    await this.running;
  }

  /** One run now (also what the timer calls); resolves when it is done, never rejects. */
  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.retention
      .runScheduled()
      .then(() => undefined)
      .catch((err: unknown) => {
        this.logger.error({ msg: 'retention run failed; retrying at the next interval', err });
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.retention.noteNextRun(undefined);
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().then(() => this.arm(this.schedule.intervalMs));
    }, delayMs);
    this.timer.unref();
    this.retention.noteNextRun(new Date(Date.now() + delayMs));
  }
}
