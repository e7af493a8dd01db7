import type { Logger } from 'pino';
import type { Producer } from 'kafkajs';
import type { AppConfig } from '@auditorium/config';
import type { MetricsService } from '@auditorium/observability';
import type { IngestPipeline } from '../ingest.pipeline';
import { createKafka } from './kafka-client.factory';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { FrameBatchService } from './frame-batch.service';
import { KafkaBatchTransport } from './kafka-batch.transport';

export interface KafkaIngestRuntime {
  transport: KafkaBatchTransport;
  batches: FrameBatchService;
  producer: Producer;
  /** true while the consumer is connected and the producer can publish dead letters */
  ready(): boolean;
  close(): Promise<void>;
}

/** Everything a process needs to consume frames from Kafka: transport, dead-letter producer, batch use case. */
export async function createKafkaIngest(
  config: AppConfig,
  pipeline: IngestPipeline,
  metrics: MetricsService,
  logger: Logger,
): Promise<KafkaIngestRuntime> {
  const settings = config.kafka;
  if (!settings) throw new Error('KAFKA_BROKERS is not set');
  const kafka = createKafka(settings, logger);
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Idempotent: both topics exist before the first message is consumed or dead-lettered.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: settings.topic, numPartitions: 4 },
        { topic: settings.dlqTopic, numPartitions: 1 },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let connected = true;
  producer.on(producer.events.DISCONNECT, () => (connected = false));
  producer.on(producer.events.CONNECT, () => (connected = true));
  const batches = new FrameBatchService(pipeline, new DeadLetterPublisher(producer, settings.dlqTopic), metrics);
  const transport = new KafkaBatchTransport({
    kafka,
    topic: settings.topic,
    groupId: settings.groupId,
    metrics,
    logger,
  });
  return {
    transport,
    batches,
    producer,
    ready: () => connected,
    close: async () => {
      await producer.disconnect();
    },
  };
}
