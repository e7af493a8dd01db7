import type { Frame } from '@auditorium/frames';
import { ChainTracker, type ChainHead } from '@auditorium/integrity';
import { SearchRecordingStore, type RecordingStore } from '@auditorium/store';
import { FrameChainer } from './ingest.pipeline';

/**
 * FrameChainer over libs/integrity's ChainTracker, loading heads from the store on
 * a miss. Misses asked for in the same tick (a batch's new sessions) are loaded
 * together: one _mget on the search store, one getChainHead each elsewhere.
 */
export class TrackerChainer extends FrameChainer {
  private readonly tracker: ChainTracker;
  private queued = new Map<string, Array<{ resolve: (h: ChainHead | null) => void; reject: (e: unknown) => void }>>();

  constructor(
    private readonly store: RecordingStore,
    maxSessions = 10_000,
  ) {
    super();
    this.tracker = new ChainTracker({ load: (sid) => this.load(sid), maxSessions });
  }

  async assign(frames: readonly Frame[]): Promise<string[]> {
    return (await this.tracker.assignBatch(frames)).map((a) => a.hash);
  }

  forget(sids: Iterable<string>): void {
    for (const sid of sids) this.tracker.forget(sid);
  }

  private load(sid: string): Promise<ChainHead | null> {
    if (!(this.store instanceof SearchRecordingStore)) return this.store.getChainHead(sid);
    return new Promise((resolve, reject) => {
      if (this.queued.size === 0) queueMicrotask(() => void this.flush());
      const waiting = this.queued.get(sid);
      if (waiting) waiting.push({ resolve, reject });
      else this.queued.set(sid, [{ resolve, reject }]);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = new Map();
    try {
      const heads = await (this.store as SearchRecordingStore).getChainHeads([...batch.keys()]);
      for (const [sid, waiting] of batch) for (const w of waiting) w.resolve(heads.get(sid) ?? null);
    } catch (err) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(err);
    }
  }
}
