/** Small helpers shared by the benches: timing, RSS sampling, medians. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

/** Samples RSS every `everyMs` while running fn; returns the peak growth over the starting RSS in MB. */
export async function peakRssGrowth<T>(fn: () => Promise<T>, everyMs = 5): Promise<{ mb: number; value: T }> {
  global.gc?.();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), everyMs);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { mb: (peak - base) / 1024 / 1024, value };
  } finally {
    clearInterval(timer);
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const fmt = (n: number, digits = 0) => n.toFixed(digits);
