/** Page sizes shared by every adapter and by the API's validation. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;
export const DEFAULT_FRAME_LIMIT = 1000;
/** Elasticsearch's default max_result_window; the same cap everywhere keeps adapters interchangeable. */
export const MAX_FRAME_LIMIT = 10_000;

/** Clamps a requested page size into [1, max]; absent or non-finite → the default. */
export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}
