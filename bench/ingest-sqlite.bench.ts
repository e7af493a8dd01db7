/**
 * `npm run bench -- ingest-sqlite [sessions] [framesPerSession]`
 *
 * Embedded ingest (parse → validate → mask → hash-chain → SQLite with FTS and
 * session summaries) against a bare better-sqlite3 batched insert of the same
 * rows into a table of the same columns, measured alternately in one run.
 * Also the same workload through the HTTP endpoint of a real embedded process.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '@auditorium/config';
import { frameId, tsToMicros } from '@auditorium/frames';
import { createMasker, IngestPipeline, sealSigner, TrackerChainer } from '@auditorium/ingest';
import { loadOrCreateSigningKey } from '@auditorium/integrity';
import { MetricsService } from '@auditorium/observability';
import { SqliteRecordingStore } from '@auditorium/store';
import { StandaloneProcess } from '../test/support/standalone-process';
import { fmt, median, timed } from './support/measure';
import { generateSessions } from './support/workload';

const BATCH = 1000;

async function auditorium(lines: Buffer[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  try {
    const config = loadConfig({ AUDITORIUM_DATA_DIR: dir });
    const store = new SqliteRecordingStore({ path: join(dir, 'auditorium.db') });
    await store.init();
    const masker = await createMasker(config, pino({ level: 'silent' }));
    const key = await loadOrCreateSigningKey(join(dir, 'keys'));
    const pipeline = new IngestPipeline(
      store,
      masker,
      new TrackerChainer(store),
      sealSigner(key),
      new MetricsService({ defaultMetrics: false }),
      { maxFrameBytes: config.frameMaxBytes, source: 'bench' },
    );
    const { ms } = await timed(async () => {
      for (let i = 0; i < lines.length; i += BATCH) {
        const out = await pipeline.process(lines.slice(i, i + BATCH).map((data) => ({ data })));
        if (out.stored !== Math.min(BATCH, lines.length - i)) throw new Error(`stored ${out.stored}`);
      }
    });
    await store.close();
    return (lines.length / ms) * 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Row = [
  string,
  number,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
];

function bareRows(lines: Buffer[]): Row[] {
  return lines.map((l) => {
    const f = JSON.parse(l.toString()) as { sid: string; seq: number; type: string; ts: string };
    return [
      f.sid,
      f.seq,
      f.type,
      f.ts,
      tsToMicros(f.ts),
      'svc-bench',
      '{"sub":"svc-bench"}',
      'reports-api',
      'http',
      '{"name":"reports-api","type":"http"}',
      l.toString(),
      l.length,
      frameId(f.sid, f.seq).padEnd(64, '0'),
      Date.now(),
    ];
  });
}

/** The baseline: the same rows, one prepared INSERT per row, one transaction per batch, same pragmas. */
function bare(rows: Row[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  try {
    const db = new Database(join(dir, 'bare.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE frames (ingest_seq INTEGER PRIMARY KEY AUTOINCREMENT, sid TEXT NOT NULL, seq INTEGER NOT NULL,
      type TEXT NOT NULL, ts TEXT NOT NULL, ts_micros INTEGER NOT NULL, identity_sub TEXT, identity TEXT,
      resource_name TEXT, resource_type TEXT, resource TEXT, frame TEXT NOT NULL, bytes INTEGER NOT NULL,
      hash TEXT NOT NULL, ingested_at INTEGER NOT NULL, UNIQUE (sid, seq))`);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO frames (sid, seq, type, ts, ts_micros, identity_sub, identity, resource_name, resource_type,
       resource, frame, bytes, hash, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    const batch = db.transaction((rs: Row[]) => {
      for (const r of rs) insert.run(...r);
    });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += BATCH) batch(rows.slice(i, i + BATCH));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    db.close();
    return (rows.length / ms) * 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overHttp(lines: Buffer[]): Promise<number> {
  const app = await StandaloneProcess.start({ env: { LOG_LEVEL: 'error' } });
  try {
    const token = await app.token(['ingest']);
    const chunk = 5000;
    const { ms } = await timed(async () => {
      for (let i = 0; i < lines.length; i += chunk) {
        const body = Buffer.concat(lines.slice(i, i + chunk).flatMap((l) => [l, Buffer.from('\n')]));
        const res = await app.fetch('/api/v1/ingest', {
          method: 'POST',
          token,
          headers: { 'content-type': 'application/x-ndjson' },
          body,
        });
        const answer = (await res.json()) as { accepted: number };
        if (answer.accepted !== Math.min(chunk, lines.length - i)) throw new Error(JSON.stringify(answer));
      }
    });
    return (lines.length / ms) * 1000;
  } finally {
    await app.destroy();
  }
}

export async function run(args: string[]): Promise<void> {
  const sessions = Number(args[0] ?? 1000);
  const perSession = Number(args[1] ?? 50);
  const lines = generateSessions(sessions, perSession).flatMap((s) => s.map((f) => Buffer.from(JSON.stringify(f))));
  const mb = lines.reduce((n, l) => n + l.length, 0) / 1024 / 1024;
  console.log(
    `ingest-sqlite: ${lines.length} frames (${sessions} sessions × ${perSession}), ${fmt(mb, 1)} MB of NDJSON`,
  );
  const rows = bareRows(lines);
  const ours: number[] = [];
  const base: number[] = [];
  for (let round = 1; round <= 3; round++) {
    base.push(bare(rows));
    ours.push(await auditorium(lines));
    console.log(
      `  round ${round}: auditorium ${fmt(ours[round - 1])} frames/s, bare better-sqlite3 ${fmt(base[round - 1])} rows/s`,
    );
  }
  const http = await overHttp(lines);
  console.log(`  over HTTP (POST /api/v1/ingest, 5,000-line bodies, one process): ${fmt(http)} frames/s`);
  const o = median(ours);
  const b = median(base);
  console.log(`ingest-sqlite ratio=${fmt(o / b, 3)} frames_per_s=${fmt(o)}`);
}
