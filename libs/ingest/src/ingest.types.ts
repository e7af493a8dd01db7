import type { FrameRejection } from '@auditorium/frames';

/** One message as received, before parsing. */
export interface RawFrame {
  data: Buffer | string;
  /** where it came from, for dead-letter headers and logs (e.g. topic/partition/offset, or HTTP line number) */
  origin?: Record<string, string | number>;
}

export type ItemOutcome =
  | { status: 'stored'; id: string }
  | { status: 'duplicate'; id: string }
  | { status: 'rejected'; rejection: FrameRejection }
  /** the store could not take it now; the caller retries (Kafka) or answers 503 (HTTP) */
  | { status: 'failed'; id: string; reason: string; retryable: boolean };

export interface BatchOutcome {
  items: ItemOutcome[];
  stored: number;
  duplicates: number;
  rejected: number;
  failed: number;
}
