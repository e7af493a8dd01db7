import { Frame, frameId, parseFrame } from '@auditorium/frames';
import { storedFrameOf, type RecordingStore, type SealSigner, type StoredFrame } from '@auditorium/store';
import type { MetricsService } from '@auditorium/observability';
import { FrameMasker } from './frame-masker';
import type { BatchOutcome, ItemOutcome, RawFrame } from './ingest.types';
import { SessionContext, SessionContextCache } from './session-context.cache';

/** Assigns chain hashes to frames, in order; see libs/integrity. */
export abstract class FrameChainer {
  /** Hash for each frame, same order. Frames of one session must come in seq order. */
  abstract assign(frames: readonly Frame[]): Promise<string[]>;
  /** Drop cached heads (after a failed write, so the next batch reloads from the store). */
  abstract forget(sids: Iterable<string>): void;
}

export interface IngestPipelineOptions {
  maxFrameBytes: number;
  source: string;
}

interface Pending {
  index: number;
  frame: Frame;
  bytes: number;
}

/**
 * decode → validate → mask → hash-chain → store, for one batch. Shared by the
 * HTTP ingest endpoint and the Kafka consumer; each caller decides what a
 * rejection means (an HTTP answer line, a dead-letter message).
 */
export class IngestPipeline {
  private readonly contexts: SessionContextCache;

  constructor(
    private readonly store: RecordingStore,
    private readonly masker: FrameMasker,
    private readonly chainer: FrameChainer,
    /** seals each session whose session.end is stored, inside the store's write */
    private readonly sign: SealSigner,
    private readonly metrics: MetricsService,
    private readonly options: IngestPipelineOptions,
  ) {
    this.contexts = new SessionContextCache(store);
  }

  private readonly sessionLocks = new Map<string, Promise<void>>();

  /**
   * Runs fn while holding every listed session: chain heads advance in the
   * order frames are stored, even when HTTP requests or Kafka partitions
   * carry the same session concurrently. Tails are installed synchronously,
   * so acquisition is FIFO and cannot deadlock.
   */
  private async withSessions<T>(sids: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const waits: Promise<void>[] = [];
    const tails = new Map<string, Promise<void>>();
    for (const sid of sids) {
      const prev = this.sessionLocks.get(sid);
      if (prev) waits.push(prev);
      const tail = prev ? prev.then(() => mine) : mine;
      tails.set(sid, tail);
      this.sessionLocks.set(sid, tail);
    }
    try {
      await Promise.all(waits);
      return await fn();
    } finally {
      release();
      for (const [sid, tail] of tails) if (this.sessionLocks.get(sid) === tail) this.sessionLocks.delete(sid);
    }
  }

  async process(raws: readonly RawFrame[], source = this.options.source): Promise<BatchOutcome> {
    const items: ItemOutcome[] = new Array(raws.length);
    const valid: Pending[] = [];
    this.metrics.framesReceived.inc({ source }, raws.length);

    raws.forEach((raw, index) => {
      const bytes = typeof raw.data === 'string' ? Buffer.byteLength(raw.data) : raw.data.length;
      const parsed = parseFrame(raw.data, { maxBytes: this.options.maxFrameBytes });
      if (parsed.ok) valid.push({ index, frame: parsed.frame, bytes });
      else items[index] = { status: 'rejected', rejection: parsed.rejection };
    });

    // Chain order is seq order within a session; a batch may hold frames out of order.
    valid.sort((a, b) => (a.frame.sid === b.frame.sid ? a.frame.seq - b.frame.seq : a.index - b.index));

    for (const p of valid) {
      if (p.frame.type === 'session.start') this.contexts.remember(p.frame.sid, p.frame.identity, p.frame.resource);
    }

    // Identity and resource once per session of the batch, for masking rules and for every stored frame.
    const contexts = new Map<string, SessionContext>();
    for (const sid of new Set(valid.map((p) => p.frame.sid))) contexts.set(sid, await this.contexts.get(sid));

    const masked: Array<Pending & { counts: Record<string, number> }> = [];
    for (const p of valid) {
      const ctx = contexts.get(p.frame.sid) as SessionContext;
      try {
        const m = this.masker.mask(p.frame, { resource: ctx.resource });
        masked.push({ ...p, frame: m.frame, counts: m.counts });
      } catch (err) {
        items[p.index] = {
          status: 'rejected',
          rejection: { code: 'masking_failed', reason: `masking failed: ${(err as Error).message}` },
        };
      }
    }

    const { stored, duplicates, failedIds } = await this.withSessions(
      new Set(masked.map((m) => m.frame.sid)),
      async () => {
        const hashes = await this.chainer.assign(masked.map((m) => m.frame));
        const now = Date.now();
        const docs: StoredFrame[] = masked.map(({ frame, bytes, counts }, i) => {
          const ctx = contexts.get(frame.sid) as SessionContext;
          return storedFrameOf(frame, {
            hash: hashes[i],
            bytes,
            findings: counts,
            ingestedAt: now,
            identity: ctx.identity,
            resource: ctx.resource,
          });
        });

        let stored = 0;
        let duplicates = 0;
        const failedIds = new Map<string, { reason: string; retryable: boolean }>();
        if (docs.length) {
          const end = this.metrics.storeWriteSeconds.startTimer();
          try {
            const report = await this.store.writeFrames(docs, { sign: this.sign });
            stored = report.stored;
            duplicates = report.duplicates;
            for (const f of report.failed) failedIds.set(f.id, { reason: f.reason, retryable: f.retryable });
          } catch (err) {
            for (const d of docs) failedIds.set(d.id, { reason: (err as Error).message, retryable: true });
          } finally {
            end();
          }
          this.metrics.batchSize.observe(docs.length);
        }
        if (failedIds.size) this.chainer.forget(new Set(docs.filter((d) => failedIds.has(d.id)).map((d) => d.sid)));

        for (const m of masked) {
          const id = frameId(m.frame.sid, m.frame.seq);
          const failure = failedIds.get(id);
          items[m.index] = failure ? { status: 'failed', id, ...failure } : { status: 'stored', id };
          if (!failure)
            for (const [type, n] of Object.entries(m.counts)) this.metrics.maskedFindings.inc({ info_type: type }, n);
        }

        return { stored, duplicates, failedIds };
      },
    );

    let rejected = 0;
    for (const it of items) {
      if (it.status === 'rejected') {
        rejected++;
        this.metrics.framesRejected.inc({ reason: it.rejection.code });
      }
    }
    this.metrics.framesStored.inc(stored);
    this.metrics.framesDuplicate.inc(duplicates);
    return { items, stored, duplicates, rejected, failed: failedIds.size };
  }
}
