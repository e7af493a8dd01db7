import type { Producer } from 'kafkajs';
import type { FrameRejection } from '@auditorium/frames';

export const DLQ_HEADERS = {
  reason: 'x-auditorium-reason',
  code: 'x-auditorium-reason-code',
  topic: 'x-auditorium-origin-topic',
  partition: 'x-auditorium-origin-partition',
  offset: 'x-auditorium-origin-offset',
  at: 'x-auditorium-dead-lettered-at',
} as const;

export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  rejection: FrameRejection;
  origin: { topic: string; partition: number; offset: string };
}

/** Writes refused frames, unchanged, to the dead-letter topic with the reason and origin in headers. */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** Resolves only once the brokers acknowledged (acks = all), so offsets may then be committed. */
  async publish(letters: DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    const at = new Date().toISOString();
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map((l) => ({
        key: l.key,
        value: l.value,
        headers: {
          [DLQ_HEADERS.reason]: l.rejection.reason,
          [DLQ_HEADERS.code]: l.rejection.code,
          [DLQ_HEADERS.topic]: l.origin.topic,
          [DLQ_HEADERS.partition]: String(l.origin.partition),
          [DLQ_HEADERS.offset]: l.origin.offset,
          [DLQ_HEADERS.at]: at,
        },
      })),
    });
  }
}
