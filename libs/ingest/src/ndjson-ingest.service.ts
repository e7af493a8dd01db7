import type { Readable } from 'node:stream';
import type { RejectionCode as FrameRejectionCode } from '@auditorium/frames';
import type { IngestPipeline } from './ingest.pipeline';
import type { RawFrame } from './ingest.types';

export interface NdjsonIngestResult {
  /** lines stored now or already stored before (idempotent re-delivery) */
  accepted: number;
  /** of accepted: newly stored */
  stored: number;
  /** of accepted: already present */
  duplicates: number;
  rejected: number;
  /** one entry per refused line, 1-based line numbers */
  errors: Array<{ line: number; code: FrameRejectionCode; reason: string }>;
}

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly linesProcessed: number,
  ) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export class StoreWriteError extends Error {}

/**
 * Reads an NDJSON body as a stream (never the whole body in memory), feeding
 * the pipeline in batches. A bad line never sinks the good ones.
 */
export async function ingestNdjson(
  body: Readable,
  pipeline: IngestPipeline,
  opts: { maxBodyBytes: number; batchLines?: number },
): Promise<NdjsonIngestResult> {
  const batchLines = opts.batchLines ?? 1000;
  const result: NdjsonIngestResult = { accepted: 0, stored: 0, duplicates: 0, rejected: 0, errors: [] };
  let batch: RawFrame[] = [];
  let lineNo = 0;
  let total = 0;
  let rest: Buffer | null = null;

  const flush = async () => {
    if (!batch.length) return;
    const current = batch;
    batch = [];
    const outcome = await pipeline.process(current);
    result.stored += outcome.stored;
    result.duplicates += outcome.duplicates;
    outcome.items.forEach((item, i) => {
      const line = Number(current[i].origin?.line);
      if (item.status === 'rejected') {
        result.rejected++;
        result.errors.push({ line, code: item.rejection.code, reason: item.rejection.reason });
      } else if (item.status === 'failed') {
        throw new StoreWriteError(`line ${line}: ${item.reason}`);
      } else {
        result.accepted++;
      }
    });
  };

  const pushLine = (buf: Buffer) => {
    lineNo++;
    // tolerate CRLF and blank lines (not counted as frames)
    let end = buf.length;
    if (end && buf[end - 1] === 0x0d) end--;
    const line = buf.subarray(0, end);
    if (!line.some((b) => b !== 0x20 && b !== 0x09)) return;
    batch.push({ data: line, origin: { line: lineNo } });
  };

  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > opts.maxBodyBytes) {
      await flush();
      throw new BodyTooLargeError(opts.maxBodyBytes, lineNo);
    }
    const data: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let nl: number;
    while ((nl = data.indexOf(0x0a, start)) !== -1) {
      pushLine(data.subarray(start, nl));
      start = nl + 1;
      if (batch.length >= batchLines) await flush();
    }
    rest = start < data.length ? Buffer.from(data.subarray(start)) : null;
  }
  if (rest && rest.length) pushLine(rest);
  await flush();
  return result;
}
