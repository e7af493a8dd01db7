/** Reads a dead-letter topic from the start, as an operator's tool would. */
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface DeadLetterRead {
  headers: Record<string, string>;
}

/**
 * The messages on `topic`, waiting up to `timeoutMs` for `expected` of them and
 * then a moment more, so that anything beyond the expected count shows up too.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  expected: number,
  timeoutMs = 60_000,
): Promise<DeadLetterRead[]> {
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(4).toString('hex')}` });
  const got: DeadLetterRead[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        got.push({ headers });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (got.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}

/** The reason code of each dead letter, in topic order. */
export const reasonCodes = (letters: DeadLetterRead[]): string[] =>
  letters.map((l) => l.headers['x-auditorium-reason-code']);
