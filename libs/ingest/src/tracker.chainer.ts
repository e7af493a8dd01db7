import type { Frame } from '@auditorium/frames';
import { ChainTracker } from '@auditorium/integrity';
import type { RecordingStore } from '@auditorium/store';
import { FrameChainer } from './ingest.pipeline';

/** FrameChainer over libs/integrity's ChainTracker, loading heads from the store on a miss. */
export class TrackerChainer extends FrameChainer {
  private readonly tracker: ChainTracker;

  constructor(store: RecordingStore, maxSessions = 10_000) {
    super();
    this.tracker = new ChainTracker({ load: (sid) => store.getChainHead(sid), maxSessions });
  }

  async assign(frames: readonly Frame[]): Promise<string[]> {
    return (await this.tracker.assignBatch(frames)).map((a) => a.hash);
  }

  forget(sids: Iterable<string>): void {
    for (const sid of sids) this.tracker.forget(sid);
  }
}
