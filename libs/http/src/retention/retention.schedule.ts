/** DI token of the retention job's schedule. */
export const RETENTION_SCHEDULE = Symbol('RETENTION_SCHEDULE');

export interface RetentionSchedule {
  /** false: only admins run retention (POST /api/v1/admin/retention/run) */
  enabled: boolean;
  /** time between runs */
  intervalMs: number;
  /** time from start to the first run, so a restart loop does not purge in a loop */
  initialDelayMs: number;
}

export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = {
  enabled: true,
  intervalMs: 60 * 60_000,
  initialDelayMs: 5 * 60_000,
};
