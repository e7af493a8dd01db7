import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '@auditorium/config';
import { SID_PATTERN } from '@auditorium/frames';
import { parseTsMicros, RecordingStore, RetentionReport } from '@auditorium/store';
import { AccessRecorder } from '../access-recorder.service';
import type { AuthedRequest } from '../auth.guard';
import { BadRequestError } from '../http.errors';
import { APP_CONFIG } from '../tokens';
import { RETENTION_SCHEDULE, RetentionSchedule } from './retention.schedule';

/** Actor name of the background job in the access log. */
export const RETENTION_JOB_ACTOR = 'auditorium:retention-job';

const DAY_MS = 86_400_000;

export interface RetentionRun extends RetentionReport {
  /** when the run started (RFC 3339) */
  at: string;
  /** sessions whose last activity is before this time expire */
  cutoff: string;
  /** true: nothing was deleted, the counts say what a run would delete */
  dryRun: boolean;
  trigger: 'admin' | 'job';
  durationMs: number;
}

export interface RetentionSettings {
  /** RETENTION_DAYS: sessions idle longer than this are deleted, unless on legal hold */
  retentionDays: number;
  /** the cut-off a run would use now */
  cutoff: string;
  job: {
    enabled: boolean;
    intervalMinutes: number;
    /** absent while the job is stopped */
    nextRunAt?: string;
    lastRun?: RetentionRun;
  };
}

export interface LegalHoldState {
  sid: string;
  legalHold: boolean;
}

/**
 * Retention (RETENTION_DAYS, run by an admin or the background job) and legal
 * hold. Every change is recorded in the access log beside the reads.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');
  /** runs are serialised: a manual run waits for the job's, and the other way round */
  private queue: Promise<unknown> = Promise.resolve();
  private lastRun?: RetentionRun;
  private nextRunAt?: string;

  constructor(
    private readonly store: RecordingStore,
    private readonly access: AccessRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RETENTION_SCHEDULE) private readonly schedule: RetentionSchedule,
  ) {}

  settings(now = new Date()): RetentionSettings {
    return {
      retentionDays: this.config.retentionDays,
      cutoff: this.cutoff(now),
      job: {
        enabled: this.schedule.enabled,
        intervalMinutes: this.schedule.intervalMs / 60_000,
        ...(this.nextRunAt ? { nextRunAt: this.nextRunAt } : {}),
        ...(this.lastRun ? { lastRun: this.lastRun } : {}),
      },
    };
  }

  /** Set by the job whenever it (re)arms its timer; undefined when it stops. */
  noteNextRun(at: Date | undefined): void {
    this.nextRunAt = at?.toISOString();
  }

  async setLegalHold(sid: string, hold: boolean, req: AuthedRequest): Promise<LegalHoldState> {
    if (!SID_PATTERN.test(sid)) throw new BadRequestError('sid must be 1–128 chars of [A-Za-z0-9._:-]');
    await this.store.setLegalHold(sid, hold); // SessionNotFoundError → 404
    await this.access.record(req, hold ? 'legal_hold.set' : 'legal_hold.release', sid);
    return { sid, legalHold: hold };
  }

  /** A run asked for by an admin: always recorded. */
  async runNow(dryRun: boolean, req: AuthedRequest): Promise<RetentionRun> {
    const run = await this.serialised(() => this.execute(dryRun, 'admin'));
    await this.access.record(req, dryRun ? 'retention.dry_run' : 'retention.run', describe(run));
    return run;
  }

  /** A run of the background job: recorded in the access log only when it deleted something. */
  async runScheduled(): Promise<RetentionRun> {
    const run = await this.serialised(() => this.execute(false, 'job'));
    if (run.deletedSessions > 0) {
      await this.access.recordSystem(RETENTION_JOB_ACTOR, 'retention.run', describe(run));
      this.logger.log({ msg: 'retention run', ...run });
    } else {
      this.logger.debug({ msg: 'retention run', ...run });
    }
    return run;
  }

  private cutoff(now: Date): string {
    return new Date(now.getTime() - this.config.retentionDays * DAY_MS).toISOString();
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async execute(dryRun: boolean, trigger: RetentionRun['trigger']): Promise<RetentionRun> {
    const started = new Date();
    const cutoff = this.cutoff(started);
    const report = dryRun ? await this.countExpired(cutoff) : await this.store.purgeExpired(cutoff);
    const run: RetentionRun = {
      at: started.toISOString(),
      cutoff,
      dryRun,
      trigger,
      deletedSessions: report.deletedSessions,
      deletedFrames: report.deletedFrames,
      keptOnHold: report.keptOnHold,
      durationMs: Date.now() - started.getTime(),
    };
    if (!dryRun) this.lastRun = run;
    return run;
  }

  /**
   * What purgeExpired would delete, from the session summaries: sessions whose
   * last activity is before the cut-off (`to` narrows the scan to sessions
   * that started before it), paged, never more than one page in memory.
   */
  private async countExpired(cutoff: string): Promise<RetentionReport> {
    const limit = parseTsMicros(cutoff) as number;
    const report: RetentionReport = { deletedSessions: 0, deletedFrames: 0, keptOnHold: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.store.searchSessions({ to: cutoff, limit: 500, cursor });
      for (const s of page.items) {
        if ((parseTsMicros(s.lastTs) ?? Number.POSITIVE_INFINITY) >= limit) continue;
        if (s.legalHold) report.keptOnHold++;
        else {
          report.deletedSessions++;
          report.deletedFrames += s.frameCount;
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return report;
  }
}

function describe(run: RetentionRun): string {
  return `before ${run.cutoff}: ${run.deletedSessions} sessions, ${run.deletedFrames} frames, ${run.keptOnHold} kept on hold`;
}
