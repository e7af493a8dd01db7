import type { Message, Producer } from 'kafkajs';
import type { FrameRejection } from '@auditorium/frames';

export const DLQ_HEADERS = {
  reason: 'x-auditorium-reason',
  code: 'x-auditorium-reason-code',
  topic: 'x-auditorium-origin-topic',
  partition: 'x-auditorium-origin-partition',
  offset: 'x-auditorium-origin-offset',
  at: 'x-auditorium-dead-lettered-at',
  /** original size in bytes, when the value was cut */
  truncated: 'x-auditorium-original-bytes',
} as const;

const MAX_REQUEST_BYTES = 512 * 1024;
const MAX_VALUE_BYTES = 512 * 1024;

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

  /**
   * Resolves only once the brokers acknowledged (acks = all), so offsets may
   * then be committed. Sent in requests of at most ~512 KiB so a run of large
   * refused frames never exceeds the broker's request limit; a single value
   * over MAX_VALUE_BYTES is cut, with its original size in a header (the
   * origin offset still points at the full message).
   */
  async publish(letters: DeadLetter[]): Promise<void> {
    if (!letters.length) return;
    const at = new Date().toISOString();
    let batch: Message[] = [];
    let size = 0;
    for (const l of letters) {
      const message = this.toMessage(l, at);
      const bytes = (message.value as Buffer | null)?.length ?? 0;
      if (batch.length && size + bytes > MAX_REQUEST_BYTES) {
        await this.send(batch);
        batch = [];
        size = 0;
      }
      batch.push(message);
      size += bytes + 512;
    }
    await this.send(batch);
  }

  private async send(messages: Message[]): Promise<void> {
    if (messages.length) await this.producer.send({ topic: this.topic, acks: -1, messages });
  }

  private toMessage(l: DeadLetter, at: string): Message {
    const headers: Record<string, string> = {
      [DLQ_HEADERS.reason]: l.rejection.reason.slice(0, 4096),
      [DLQ_HEADERS.code]: l.rejection.code,
      [DLQ_HEADERS.topic]: l.origin.topic,
      [DLQ_HEADERS.partition]: String(l.origin.partition),
      [DLQ_HEADERS.offset]: l.origin.offset,
      [DLQ_HEADERS.at]: at,
    };
    let value = l.value;
    if (value && value.length > MAX_VALUE_BYTES) {
      headers[DLQ_HEADERS.truncated] = String(value.length);
      value = value.subarray(0, MAX_VALUE_BYTES);
    }
    return { key: l.key, value, headers };
  }
}
