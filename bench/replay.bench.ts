/**
 * `npm run bench -- replay [frames]`
 *
 * Replay of one big session (100,000 frames by default) from the embedded
 * SQLite store, streamed as asciicast by the real embedded process: time to
 * the first byte of the cast, total stream time, and the peak growth of the
 * process's resident memory while it streams (VmRSS of the child, sampled
 * every few ms). Baseline: a bare better-sqlite3 read of the same rows, in
 * seq order, in this process — the floor any replay has to pay.
 *
 * The store is built once (StoredFrames written directly through
 * SqliteRecordingStore.writeFrames) and cached under .cache/bench/replay/.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Frame } from '@auditorium/frames';
import { SqliteRecordingStore, StoredFrame, storedFrameOf } from '@auditorium/store';
import { REPO_ROOT, StandaloneProcess } from '../test/support/standalone-process';
import { fmt, median, timed } from './support/measure';

const SID = 'bench-replay-big';
const SMALL_SID = 'bench-replay-small';
const BATCH = 5000;
/** bump when the generated data changes, so a stale cache is rebuilt */
const DATA_VERSION = 1;

function frameAt(sid: string, seq: number, last: number, t0: number): Frame {
  const ts = new Date(t0 + seq * 15).toISOString();
  const base = { v: 1 as const, sid, seq, ts };
  if (seq === 0)
    return {
      ...base,
      type: 'session.start',
      identity: { sub: 'svc-bench-replay', type: 'machine', name: 'Replay bench' },
      resource: { name: 'reports-api', type: 'http', env: 'bench' },
    };
  if (seq === last) return { ...base, type: 'session.end', status: 'ok' };
  const xid = `x${(seq - 1) >> 1}`;
  if (seq % 2 === 1)
    return {
      ...base,
      type: 'request',
      xid,
      method: 'GET',
      target: `/reports/${seq >> 1}?page=2`,
      headers: { 'user-agent': 'bench/1.0', accept: 'application/json' },
    };
  return {
    ...base,
    type: 'response',
    xid,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: seq, owner: '[EMAIL_ADDRESS]', rows: [1, 2, 3], note: 'quarterly figures, page 2' }),
    meta: { durationMs: 12 },
  };
}

function stored(frame: Frame): StoredFrame {
  return storedFrameOf(frame, {
    bytes: JSON.stringify(frame).length,
    findings: frame.type === 'response' ? { EMAIL_ADDRESS: 1 } : {},
    hash: (frame.seq.toString(16) + 'f'.repeat(64)).slice(0, 64),
  });
}

async function writeSession(store: SqliteRecordingStore, sid: string, frames: number): Promise<void> {
  const t0 = Date.UTC(2026, 10, 2, 9);
  for (let from = 0; from < frames; from += BATCH) {
    const batch: StoredFrame[] = [];
    for (let seq = from; seq < Math.min(from + BATCH, frames); seq++)
      batch.push(stored(frameAt(sid, seq, frames - 1, t0)));
    const report = await store.writeFrames(batch);
    if (report.stored + report.duplicates !== batch.length) throw new Error(`write failed: ${JSON.stringify(report)}`);
  }
}

/** The cached data dir with the big session (and a small one to warm the process up). */
async function dataDir(frames: number): Promise<string> {
  const dir = join(REPO_ROOT, '.cache', 'bench', 'replay', `${frames}-v${DATA_VERSION}`);
  const marker = join(dir, 'complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { ms } = await timed(async () => {
    const store = new SqliteRecordingStore({ path: join(dir, 'auditorium.db') });
    await store.init();
    await writeSession(store, SMALL_SID, 1000);
    await writeSession(store, SID, frames);
    await store.close();
  });
  writeFileSync(marker, ''); // written last: a half-built store is rebuilt
  console.log(`  built the store: ${frames} frames in ${fmt(ms / 1000, 1)} s (cached in ${dir})`);
  return dir;
}

/** The pid of our child running the embedded main (Linux: /proc/self/task/<tid>/children). */
function childPid(): number {
  for (const task of readdirSync('/proc/self/task')) {
    const children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const pid of children) {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(join('standalone', 'src', 'main.js'))) return Number(pid);
    }
  }
  throw new Error('embedded process not found among our children');
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

interface StreamRun {
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  lines: number;
  rssGrowthMb: number;
}

/** GETs the cast, timing the first byte and sampling the child's RSS until the last byte. */
async function streamOnce(app: StandaloneProcess, token: string, pid: number, sid: string): Promise<StreamRun> {
  const base = rssBytes(pid);
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 3);
  try {
    const t0 = process.hrtime.bigint();
    const res = await app.fetch(`/api/v1/sessions/${sid}/replay?format=v3`, { token });
    if (res.status !== 200 || !res.body) throw new Error(`replay answered ${res.status}`);
    const reader = res.body.getReader();
    let ttfbMs = -1;
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (ttfbMs < 0) ttfbMs = Number(process.hrtime.bigint() - t0) / 1e6;
      bytes += value.length;
      for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, i + 1)) lines++;
    }
    const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
    peak = Math.max(peak, rssBytes(pid));
    return { ttfbMs, totalMs, bytes, lines, rssGrowthMb: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

/** Baseline: the same rows read in seq order with a bare better-sqlite3 iterator, parsed as JSON. */
function bareRead(dir: string): number {
  const db = new Database(join(dir, 'auditorium.db'), { readonly: true });
  try {
    const t0 = process.hrtime.bigint();
    let n = 0;
    for (const row of db.prepare('SELECT frame FROM frames WHERE sid = ? ORDER BY seq').iterate(SID)) {
      JSON.parse((row as { frame: string }).frame);
      n++;
    }
    if (n === 0) throw new Error('no rows');
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    db.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const frames = Number(args[0] ?? 100_000);
  console.log(`replay: one session of ${frames} frames from the embedded SQLite store, streamed as asciicast v3`);
  const dir = await dataDir(frames);
  const app = await StandaloneProcess.start({ dataDir: dir, env: { LOG_LEVEL: 'error' } });
  try {
    const token = await app.token(['auditor'], 'bench');
    const pid = childPid();
    await streamOnce(app, token, pid, SMALL_SID); // load the code paths once
    const runs: StreamRun[] = [];
    for (let round = 1; round <= 3; round++) {
      const r = await streamOnce(app, token, pid, SID);
      runs.push(r);
      console.log(
        `  round ${round}: ttfb ${fmt(r.ttfbMs, 1)} ms, stream ${fmt(r.totalMs)} ms ` +
          `(${fmt(r.bytes / 1024 / 1024, 1)} MB, ${r.lines} lines), peak RSS growth ${fmt(r.rssGrowthMb, 1)} MB`,
      );
    }
    const bare = median([bareRead(dir), bareRead(dir), bareRead(dir)]);
    const total = median(runs.map((r) => r.totalMs));
    const mb = runs[0].bytes / 1024 / 1024;
    console.log(
      `  baseline: bare better-sqlite3 read + JSON.parse of the same rows ${fmt(bare)} ms; ` +
        `replay/bare ${fmt(total / bare, 2)}; ${fmt(mb / (total / 1000), 1)} MB/s of cast`,
    );
    const ttfb = median(runs.map((r) => r.ttfbMs));
    const growth = Math.max(...runs.map((r) => r.rssGrowthMb));
    console.log(`replay ttfb_ms=${fmt(ttfb, 1)} rss_growth_mb=${fmt(growth, 1)}`);
  } finally {
    await app.destroy();
  }
}
