/** Settings of the per-caller buckets (RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST). */
export interface TokenBucketSettings {
  /** tokens refilled per second; 0 turns limiting off */
  ratePerSecond: number;
  /** bucket size: the requests a caller may send at once after being idle */
  burst: number;
  /** callers tracked at most; idle full buckets are forgotten first (they carry no state) */
  maxKeys?: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * Token buckets keyed by caller: each request takes one token, tokens come
 * back at `ratePerSecond` up to `burst`. Pure: the clock is given, so the
 * arithmetic is tested without waiting.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(
    private readonly settings: TokenBucketSettings,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.maxKeys = settings.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  get enabled(): boolean {
    return this.settings.ratePerSecond > 0;
  }

  get size(): number {
    return this.buckets.size;
  }

  take(key: string): TakeResult {
    const { ratePerSecond, burst } = this.settings;
    if (!this.enabled) return { ok: true, remaining: burst };
    const now = this.nowMs();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    // whole seconds (Retry-After has no fractions), at least one
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }

  private refilled(key: string, now: number): Bucket {
    const { ratePerSecond, burst } = this.settings;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.forgetIdle(now);
      bucket = { tokens: burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    return bucket;
  }

  /** Drops the buckets that have refilled (a new bucket starts full, so nothing is forgiven), else the oldest. */
  private forgetIdle(now: number): void {
    const { ratePerSecond, burst } = this.settings;
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) / 1000) * ratePerSecond >= burst) this.buckets.delete(key);
    if (this.buckets.size < this.maxKeys) return;
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}
