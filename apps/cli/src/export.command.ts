import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { EXPORT_FORMATS } from '@auditorium/export';
import type { ExportFormat } from '@auditorium/export';
import { ApiClient, CliError, EXIT, ServerOptions } from './api-client';
import { exportBundle } from './export-bundle.command';
import { bodyChunks } from './response-body';
import { openOutput, OutputSink, writeFileAtomic } from './output-sink';
import { createProgress } from './progress';

/** Response headers of GET /api/v1/export/events (see docs/export.md). */
const NEXT_CURSOR = 'auditorium-next-cursor';
const MORE = 'auditorium-more';
const EVENTS = 'auditorium-events';

interface ExportOptions extends ServerOptions {
  format: ExportFormat;
  since?: string;
  cursor?: string;
  out?: string;
  resume?: boolean;
  append?: boolean;
  limit: number;
  maxEvents?: number;
  quiet?: boolean;
  bundle?: string;
}

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer ${min}..${max}`);
  return n;
};

const rfc3339 = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) || isNaN(Date.parse(value))) {
    throw new InvalidArgumentError('must be an RFC 3339 time, e.g. 2026-01-31T00:00:00Z');
  }
  return value;
};

/**
 * Pulls events page by page until the server says it is caught up. After each
 * page is on disk the cursor of its last event is saved to <out>.cursor, so
 * an interrupted export resumes (--resume) without losing events; at worst
 * the last page is delivered twice (at-least-once: de-duplicate on the event id).
 */
export function exportCommand(): Command {
  return new Command('export')
    .description('pull recorded events in ingest order for a SIEM, page by page, resumable with a cursor')
    .addOption(new Option('-f, --format <format>', 'event format').choices(EXPORT_FORMATS).default('native'))
    .option('--since <time>', 'RFC 3339: only events stored at or after this time (first page; a cursor wins)', rfc3339)
    .option('--cursor <cursor>', 'continue after this cursor (printed by a previous export, saved in <out>.cursor)')
    .option('-o, --out <file>', 'write events to this file (default stdout); the last cursor is saved in <file>.cursor')
    .option('--resume', 'with --out: continue from <out>.cursor and append to <out>')
    .option('--append', 'with --out: append to the file instead of replacing it')
    .option('--limit <n>', 'events per request (1..100000)', integer(1, 100_000), 10_000)
    .option('--max-events <n>', 'stop once at least this many events were written', integer(1, Number.MAX_SAFE_INTEGER))
    .option('-q, --quiet', 'no progress on stderr')
    .option('--bundle <sid>', 'export the self-verifying bundle of one session instead (like export-bundle)')
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role siem (AUDITORIUM_TOKEN); auditor for --bundle')
    .addHelpText(
      'after',
      `
Examples:
  auditorium export --format ecs --out events.ndjson          # everything so far; cursor in events.ndjson.cursor
  auditorium export --format ecs --out events.ndjson --resume # only what was stored since
  auditorium export --format cef --since 2026-01-01T00:00:00Z | nc siem.internal 514
Exit codes: 0 done, 2 usage, 4 not found, 5 bad token, 6 server error, 8 cannot write the output.`,
    )
    .action(async (opts: ExportOptions) => {
      if (opts.bundle !== undefined) {
        await exportBundle(opts.bundle, { ...opts, quiet: opts.quiet });
        return;
      }
      await runExport(opts);
    });
}

async function runExport(opts: ExportOptions): Promise<void> {
  if ((opts.resume || opts.append) && !opts.out)
    throw new CliError('--resume and --append need --out <file>', EXIT.usage);
  if (opts.resume && opts.cursor) throw new CliError('give either --resume or --cursor, not both', EXIT.usage);
  const api = new ApiClient(opts);
  const cursorFile = opts.out && opts.out !== '-' ? `${opts.out}.cursor` : undefined;
  let cursor = opts.cursor;
  if (opts.resume && cursorFile) cursor = await readCursor(cursorFile);

  const sink = await openOutput(opts.out, opts.resume || opts.append ? 'append' : 'truncate');
  const progress = createProgress('export', { quiet: opts.quiet });
  let total = 0;
  // CSV: one header row per file, though every response starts with one
  let headerWritten = sink.initialSize > 0;
  try {
    for (;;) {
      const params = new URLSearchParams({ format: opts.format, limit: String(opts.limit) });
      if (cursor) params.set('cursor', cursor);
      else if (opts.since) params.set('since', opts.since);
      const res = await api.get(`/api/v1/export/events?${params.toString()}`);
      const skipHeader = opts.format === 'csv' && headerWritten;
      await copyBody(res, sink, skipHeader);
      headerWritten = true;
      const next = res.headers.get(NEXT_CURSOR);
      const more = res.headers.get(MORE) === 'true';
      total += Number(res.headers.get(EVENTS) ?? 0);
      if (next) {
        cursor = next;
        if (cursorFile) {
          await sink.sync(); // the events are on disk before the cursor says they were delivered
          await writeFileAtomic(cursorFile, `${cursor}\n`);
        }
      }
      progress.update(total);
      if (!more || (opts.maxEvents !== undefined && total >= opts.maxEvents)) break;
    }
  } finally {
    progress.stop();
    await sink.close();
  }
  process.stderr.write(
    `exported ${total} events${sink.path ? ` to ${sink.path}` : ''}\n` +
      (cursor
        ? `next cursor: ${cursor}${cursorFile ? ` (saved in ${cursorFile})` : ''}\n`
        : 'no events yet: run again with the same --since\n'),
  );
}

async function readCursor(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // first run: start from the beginning
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.io);
  }
}

/** Copies a response body to the sink with backpressure, optionally dropping its first line (a CSV header). */
async function copyBody(res: Response, sink: OutputSink, skipFirstLine: boolean): Promise<void> {
  let skipping = skipFirstLine;
  try {
    for await (const chunk of bodyChunks(res)) {
      let data = chunk;
      if (skipping) {
        const nl = data.indexOf(0x0a);
        if (nl < 0) continue;
        data = data.subarray(nl + 1);
        skipping = false;
      }
      if (data.length) await sink.write(data);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(
      `the export stream broke off: ${(err as Error).message}; resume with the last cursor`,
      EXIT.server,
    );
  }
}
