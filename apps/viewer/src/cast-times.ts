/** Reading an asciicast's clock, to line the exchange timeline up with the player. */

export interface CastTimes {
  /** real time (seconds from the start) of every event */
  events: number[];
  /** real time of every marker, in marker-index order */
  markers: number[];
  /** the header's idle_time_limit */
  idleTimeLimit?: number;
}

/** Event and marker times of an asciicast v2 (absolute times) or v3 (intervals). */
export function castTimes(cast: string): CastTimes {
  const out: CastTimes = { events: [], markers: [] };
  let v3 = false;
  let t = 0;
  let first = true;
  for (const line of cast.split('\n')) {
    if (first) {
      first = false;
      try {
        const header = JSON.parse(line) as { version?: unknown; idle_time_limit?: unknown };
        v3 = header.version === 3;
        if (typeof header.idle_time_limit === 'number') out.idleTimeLimit = header.idle_time_limit;
      } catch {
        return out;
      }
      continue;
    }
    if (!line.startsWith('[')) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Array.isArray(event) || typeof event[0] !== 'number') continue;
    t = v3 ? t + event[0] : event[0];
    out.events.push(t);
    if (event[1] === 'm') out.markers.push(t);
  }
  return out;
}

/**
 * The player's clock with an idle limit → real time (the player caps every gap
 * between events at the limit; its `startAt` option takes real time). A
 * position on an event maps to that event (not to the start of the gap before
 * it), so a seek to a marker survives a change of idle limit.
 */
export function toRealTime(played: number, events: number[], limit: number): number {
  let real = 0;
  let clock = 0;
  for (const t of events) {
    const step = Math.min(t - real, limit);
    if (clock + step > played + 1e-6) break;
    clock += step;
    real = t;
  }
  return real + Math.max(0, played - clock);
}

/** Real time → the player's clock with an idle limit (the inverse of toRealTime). */
export function toPlayedTime(real: number, events: number[], limit: number): number {
  let prev = 0;
  let clock = 0;
  for (const t of events) {
    if (t > real) break;
    clock += Math.min(t - prev, limit);
    prev = t;
  }
  return clock + Math.min(Math.max(0, real - prev), limit);
}
