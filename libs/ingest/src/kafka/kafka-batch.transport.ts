import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import type { Logger } from 'pino';
import type { MetricsService } from '@auditorium/observability';
import type { KafkaBatchResult, KafkaFrameBatch } from './kafka-frame-batch';

/** Pattern the frames handler subscribes to (@MessagePattern), whatever the topic is called. */
export const FRAMES_BATCH_PATTERN = 'auditorium.frames.batch';

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  metrics: MetricsService;
  logger: Logger;
  /** messages handed to the handler at once (one bulk write) */
  chunkSize?: number;
  maxBackoffMs?: number;
  /** start a new consumer group at the earliest offset (default true: nothing recorded is skipped) */
  fromBeginning?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A NestJS custom transport over kafkajs `eachBatch`: Nest 12's stock Kafka
 * server only runs `eachMessage`, one store write per frame. Here a chunk of
 * messages becomes one bulk write, and offsets are committed only after the
 * handler says the chunk is stored or dead-lettered. When the store is down
 * the partition is paused and the same chunk retried with backoff (heartbeats
 * keep the group membership), so memory stays bounded and nothing is skipped.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private readonly chunkSize: number;
  private readonly maxBackoffMs: number;
  private closing = false;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
    this.chunkSize = options.chunkSize ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
  }

  on(): void {
    // kafkajs events are observed through the consumer's instrumentation instead
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      const { kafka, topic, groupId } = this.options;
      this.consumer = kafka.consumer({
        groupId,
        sessionTimeout: 30_000,
        heartbeatInterval: 3_000,
        maxBytesPerPartition: 4 * 1024 * 1024,
        retry: { retries: 10, initialRetryTime: 300 },
      });
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [topic], fromBeginning: this.options.fromBeginning ?? true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 2,
        eachBatch: (payload) => this.onBatch(payload),
      });
      this.options.logger.info({ topic, groupId }, 'consuming frames');
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;

    for (let i = 0; i < batch.messages.length; i += this.chunkSize) {
      if (!isRunning() || isStale() || this.closing) return;
      const messages = batch.messages.slice(i, i + this.chunkSize).map((m) => ({
        offset: m.offset,
        key: m.key,
        value: m.value,
        headers: m.headers,
        timestamp: m.timestamp,
      }));
      const chunk: KafkaFrameBatch = { topic, partition, messages };
      const stored = await this.untilStored(chunk, payload);
      if (!stored) return; // shutting down or rebalanced: not committed, re-delivered later
      const last = messages[messages.length - 1].offset;
      resolveOffset(last);
      await this.consumer?.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat().catch(() => undefined);
      const lag = Number(BigInt(batch.highWatermark) - BigInt(last) - 1n);
      this.options.metrics.consumerLag.set({ topic, partition: String(partition) }, Math.max(0, lag));
    }
  }

  /**
   * Hands one chunk to the handler until it is stored (or dead-lettered).
   * While the store fails, the partition is paused and the same chunk retried
   * with backoff; heartbeats keep the group membership. Returns false when the
   * consumer is stopping; rethrows a rebalance so kafkajs rejoins.
   */
  private async untilStored(chunk: KafkaFrameBatch, payload: EachBatchPayload): Promise<boolean> {
    const { heartbeat, isRunning, isStale } = payload;
    const handler = this.getHandlerByPattern(FRAMES_BATCH_PATTERN);
    if (!handler) throw new Error(`no handler for ${FRAMES_BATCH_PATTERN}`);
    const { topic, partition } = chunk;
    const log = this.options.logger;
    let attempt = 0;
    let paused = false;
    try {
      for (;;) {
        let failure: string | undefined;
        // A store call can hang up to its request timeout: keep heartbeating meanwhile so the
        // group does not evict us; a rebalance seen here ends the batch (re-delivered, idempotent).
        let rebalance: unknown;
        const ticker = setInterval(() => {
          heartbeat().catch((err: unknown) => (rebalance ??= err));
        }, 3_000);
        try {
          const out = await handler(chunk, new BaseRpcContext([topic, partition]));
          const result = (await lastValueFrom(this.transformToObservable(out))) as KafkaBatchResult;
          if (result.retry) failure = result.reason ?? 'store refused the batch';
        } catch (err) {
          failure = (err as Error).message;
        } finally {
          clearInterval(ticker);
        }
        if (rebalance) {
          log.warn(
            { topic, partition, err: String(rebalance) },
            'group rebalanced during a store call; chunk left uncommitted',
          );
          throw rebalance;
        }
        if (!failure) {
          if (paused) log.info({ topic, partition, attempts: attempt }, 'store recovered: partition resumed');
          return true;
        }
        attempt++;
        this.options.metrics.storeWriteRetries.inc();
        if (!paused) {
          // stop fetching this partition while the store recovers
          this.consumer?.pause([{ topic, partitions: [partition] }]);
          paused = true;
          log.warn({ topic, partition, reason: failure }, 'store unavailable: partition paused, retrying');
        }
        if (!isRunning() || isStale() || this.closing) return false;
        await sleep(Math.min(this.maxBackoffMs, 200 * 2 ** Math.min(attempt, 8)) * (0.75 + Math.random() * 0.5));
        await heartbeat(); // a rebalance throws here: kafkajs rejoins and the chunk is re-delivered
      }
    } finally {
      if (paused) this.consumer?.resume([{ topic, partitions: [partition] }]);
    }
  }

  /** Stop consuming; the chunk in flight finishes or is left uncommitted, never half-committed. */
  async close(): Promise<void> {
    this.closing = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
