import type { MetricsService } from '@auditorium/observability';
import type { IngestPipeline } from '../ingest.pipeline';
import type { DeadLetter, DeadLetterPublisher } from './dead-letter.publisher';
import type { KafkaBatchResult, KafkaFrameBatch } from './kafka-frame-batch';

/**
 * One use case for the Kafka handler: run a chunk of messages through the
 * pipeline, dead-letter what it refused, and say whether the chunk may be
 * committed. Nothing is committed while any frame is neither stored nor
 * dead-lettered.
 */
export class FrameBatchService {
  constructor(
    private readonly pipeline: IngestPipeline,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: MetricsService,
  ) {}

  async handle(batch: KafkaFrameBatch): Promise<KafkaBatchResult> {
    const outcome = await this.pipeline.process(
      batch.messages.map((m) => ({
        data: m.value ?? Buffer.alloc(0),
        origin: { topic: batch.topic, partition: batch.partition, offset: m.offset },
      })),
      'kafka',
    );
    const letters: DeadLetter[] = [];
    let retryReason: string | undefined;
    outcome.items.forEach((item, i) => {
      const m = batch.messages[i];
      if (item.status === 'rejected') {
        letters.push({
          key: m.key,
          value: m.value,
          rejection: item.rejection,
          origin: { topic: batch.topic, partition: batch.partition, offset: m.offset },
        });
      } else if (item.status === 'failed') {
        if (item.retryable) retryReason ??= item.reason;
        else
          letters.push({
            key: m.key,
            value: m.value,
            rejection: { code: 'invalid', reason: `refused by the store: ${item.reason}` },
            origin: { topic: batch.topic, partition: batch.partition, offset: m.offset },
          });
      }
    });
    if (retryReason) {
      // Stored items stay stored (idempotent ids): the retry re-sends them as duplicates.
      return {
        stored: outcome.stored,
        duplicates: outcome.duplicates,
        deadLettered: 0,
        retry: true,
        reason: retryReason,
      };
    }
    await this.deadLetters.publish(letters);
    for (const l of letters) this.metrics.framesDeadLettered.inc({ reason: l.rejection.code });
    return { stored: outcome.stored, duplicates: outcome.duplicates, deadLettered: letters.length, retry: false };
  }
}
