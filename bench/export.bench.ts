/**
 * `npm run bench -- export [frames]` (default 1,000,000)
 *
 * A full SIEM export of the embedded store over HTTP: a real embedded process
 * (the built dist/, as `npm start` runs it) serves GET /api/v1/export/events
 * in native format from a SQLite store holding `frames` frames, and this
 * process pulls it page by page with the cursor, as `auditorium export` does.
 * Measures events/s and the server's peak RSS growth during the export (from
 * /proc/<pid>/status). The store is built once by writing StoredFrames
 * straight through SqliteRecordingStore.writeFrames and cached under
 * .cache/bench/export-<frames>/.
 *
 * Baseline in the same run: the bare store read (readIngestOrder page by page
 * in this process, no encoding, no HTTP), so the ratio is the cost of the
 * export path on top of reading the rows.
 */
import { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, SessionStartFrame } from '@auditorium/frames';
import { pickFrameIdentity, SqliteRecordingStore, storedFrameOf } from '@auditorium/store';
import type { IngestPosition, StoredFrame } from '@auditorium/store';
import { REPO_ROOT, StandaloneProcess } from '../test/support/standalone-process';
import { fmt, timed } from './support/measure';
import { generateSessions } from './support/workload';

const FRAMES_PER_SESSION = 50;
const SESSIONS_PER_BATCH = 400; // 20,000 frames per writeFrames call
const PAGE_LIMIT = 10_000;

export async function run(args: string[]): Promise<void> {
  const total = Number(args[0] ?? 1_000_000);
  if (!Number.isInteger(total) || total < FRAMES_PER_SESSION) throw new Error('frames must be an integer ≥ 50');
  const dir = await cachedStore(total);

  const bare = await bareRead(join(dir, 'auditorium.db'));
  console.log(`  baseline: readIngestOrder in-process, no encoding: ${fmt(bare.perS)} frames/s (${bare.frames})`);

  const app = await StandaloneProcess.start({ dataDir: dir, env: { LOG_LEVEL: 'error' } });
  try {
    const pid = childPid(app);
    const token = await app.token(['siem'], 'bench-siem');
    await pull(app, token, 100, 1); // warm-up: JIT, first statements, token verification path
    global.gc?.();
    const before = rssKb(pid, 'VmRSS');
    const hwmReset = resetPeak(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid, 'VmRSS'))), 10);
    const { ms, value } = await timed(() => pull(app, token, PAGE_LIMIT));
    clearInterval(sampler);
    peak = Math.max(peak, rssKb(pid, 'VmRSS'), hwmReset ? rssKb(pid, 'VmHWM') : 0);
    if (value.events !== bare.frames)
      throw new Error(`exported ${value.events} events, the store holds ${bare.frames}`);
    const perS = (value.events / ms) * 1000;
    const growthMb = (peak - before) / 1024;
    console.log(
      `  export over HTTP (native, ${PAGE_LIMIT} per request, ${value.requests} requests, ${fmt(value.bytes / 1048576)} MB): ` +
        `${fmt(perS)} events/s in ${fmt(ms / 1000, 1)} s; server RSS ${fmt(before / 1024)} MB → peak ${fmt(peak / 1024)} MB` +
        `${hwmReset ? ' (VmHWM)' : ' (sampled)'}`,
    );
    console.log(`  ratio to the bare store read: ${fmt(perS / bare.perS, 3)}`);
    console.log(`export events_per_s=${fmt(perS)} rss_growth_mb=${fmt(growthMb, 1)}`);
  } finally {
    await app.stop();
  }
}

/** Pulls pages with the cursor until the server says it is caught up (or `maxRequests`). */
async function pull(
  app: StandaloneProcess,
  token: string,
  limit: number,
  maxRequests = Infinity,
): Promise<{ events: number; bytes: number; requests: number }> {
  let cursor: string | null = null;
  let events = 0;
  let bytes = 0;
  let requests = 0;
  for (;;) {
    const params = new URLSearchParams({ format: 'native', limit: String(limit) });
    if (cursor) params.set('cursor', cursor);
    const res = await app.fetch(`/api/v1/export/events?${params.toString()}`, { token });
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    const reader = res.body?.getReader();
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      bytes += chunk.value.length;
    }
    requests++;
    events += Number(res.headers.get('auditorium-events'));
    cursor = res.headers.get('auditorium-next-cursor') ?? cursor;
    if (res.headers.get('auditorium-more') !== 'true' || requests >= maxRequests) break;
  }
  return { events, bytes, requests };
}

/** The store read alone, in this process: what the export path adds its cost to. */
async function bareRead(file: string): Promise<{ perS: number; frames: number }> {
  const store = new SqliteRecordingStore({ path: file });
  await store.init();
  try {
    const { ms, value } = await timed(async () => {
      let after: IngestPosition | undefined;
      let n = 0;
      for (;;) {
        const page = await store.readIngestOrder({ after, limit: 2000 });
        if (page.items.length === 0) return n;
        n += page.items.length;
        after = page.last;
      }
    });
    return { perS: (value / ms) * 1000, frames: value };
  } finally {
    await store.close();
  }
}

/** A data dir with a SQLite store of `total` frames, built once and reused (keyed by the frame count). */
async function cachedStore(total: number): Promise<string> {
  const dir = join(REPO_ROOT, '.cache', 'bench', `export-${total}`);
  const marker = join(dir, 'complete.json');
  if (existsSync(marker)) {
    console.log(`export: ${total} frames, cached store ${dir}`);
    return dir;
  }
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const store = new SqliteRecordingStore({ path: join(building, 'auditorium.db') });
  await store.init();
  const { ms } = await timed(async () => {
    let written = 0;
    for (let batch = 0; written < total; batch++) {
      const sessions = Math.min(SESSIONS_PER_BATCH, Math.ceil((total - written) / FRAMES_PER_SESSION));
      const frames = generateSessions(sessions, FRAMES_PER_SESSION, 1000 + batch)
        .flat()
        .slice(0, total - written);
      const report = await store.writeFrames(frames.map(toStored));
      if (report.stored !== frames.length) throw new Error(`stored ${report.stored} of ${frames.length}`);
      written += frames.length;
      if (batch % 10 === 0) process.stderr.write(`\r  building the store: ${written}/${total} frames`);
    }
    process.stderr.write('\n');
  });
  await store.close();
  writeFileSync(join(building, 'complete.json'), JSON.stringify({ frames: total, builtInMs: Math.round(ms) }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  console.log(`export: ${total} frames, store built in ${fmt(ms / 1000, 1)} s under ${dir}`);
  return dir;
}

const starts = new Map<string, SessionStartFrame>();

function toStored(frame: Frame): StoredFrame {
  if (frame.type === 'session.start') starts.set(frame.sid, frame);
  const start = starts.get(frame.sid);
  if (frame.type === 'session.end') starts.delete(frame.sid);
  const json = JSON.stringify(frame);
  return storedFrameOf(frame, {
    ...(start ? { identity: pickFrameIdentity(start.identity), resource: start.resource } : {}),
    bytes: Buffer.byteLength(json),
    findings: frame.type === 'response' ? { EMAIL_ADDRESS: 1 } : {},
    hash: createHash('sha256').update(json).digest('hex'),
  });
}

/** The pid of the embedded process (StandaloneProcess keeps its child private; the bench reads /proc for it). */
function childPid(app: StandaloneProcess): number {
  const child = (app as unknown as { child?: ChildProcess }).child;
  if (!child?.pid) throw new Error('the embedded process has no pid');
  return child.pid;
}

function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Resets the child's peak-RSS mark (Linux: "5" > /proc/<pid>/clear_refs) so VmHWM covers the export only. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return rssKb(pid, 'VmHWM') <= rssKb(pid, 'VmRSS') + 1024;
  } catch {
    return false;
  }
}
