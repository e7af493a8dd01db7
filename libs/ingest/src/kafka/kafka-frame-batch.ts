import type { IHeaders } from 'kafkajs';

/** One chunk of consecutive messages from one partition, as handed to the frames handler. */
export interface KafkaFrameBatch {
  topic: string;
  partition: number;
  messages: Array<{ offset: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders; timestamp: string }>;
}

/** What the handler answers; offsets are committed only when `retry` is false. */
export interface KafkaBatchResult {
  stored: number;
  duplicates: number;
  deadLettered: number;
  /** the store refused (part of) the batch: back off and hand the same batch in again */
  retry: boolean;
  reason?: string;
}
