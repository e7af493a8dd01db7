import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type { DecisionOutcome, Frame, Identity, Resource } from '@auditorium/frames';
import Database from 'better-sqlite3';

import { frameSearchText } from '../frame-search-text';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { RecordingStore } from '../recording.store';
import type {
  FindingCounts,
  FrameRangeQuery,
  IdentityQuery,
  IdentitySummary,
  IngestOrderPage,
  IngestOrderQuery,
  Page,
  RetentionReport,
  SeqRange,
  SessionQuery,
  SessionSeal,
  SessionStatus,
  SessionSummary,
  StoredFrame,
  SealSigner,
  StoreHealth,
  WriteFramesOptions,
  WriteReport,
} from '../recording.types';
import {
  InvalidCursorError,
  InvalidQueryError,
  SessionNotFoundError,
  StoreError,
  StoreNotOpenError,
} from '../store.errors';
import { clampLimit, DEFAULT_FRAME_LIMIT, DEFAULT_PAGE_LIMIT, MAX_FRAME_LIMIT, MAX_PAGE_LIMIT } from '../store.limits';
import { storedFrameProblem } from '../stored-frame.check';
import { pickFrameIdentity } from '../stored-frame.of';
import { parseTsMicros, queryTsMicros } from '../timestamp';
import { toFtsQuery } from './fts-query';
import { SQLITE_MIGRATIONS, type SqliteMigration } from './migrations';

export interface SqliteRecordingStoreOptions {
  /** Database file (its folder is created); ':memory:' for a throwaway store. */
  path: string;
  /**
   * 'normal' (default): WAL with synchronous=NORMAL. A committed batch survives a
   * crash or kill of the process (the WAL is in the OS by then); an OS crash or
   * power loss may roll back the last few commits, never corrupt the file.
   * 'full': synchronous=FULL, fsync on every commit — survives power loss too, slower.
   */
  durability?: 'normal' | 'full';
  /** Rows fetched per round trip by streamFrames (default 500). */
  streamPageSize?: number;
  /** Migrations to apply (tests only; defaults to the shipped ones). */
  migrations?: readonly SqliteMigration[];
}

type FrameIdentity = NonNullable<StoredFrame['identity']>;
type Text = string | null;
type Int = number | null;
/** identity … sort_micros: the columns session.start sets */
type SessionStartValues = [Text, Text, Text, Text, Text, Text, Text, Text, Text, Text, Int, number];
/** status … updated_at: the columns every batch sets */
type SessionStatsValues = [
  string,
  Text,
  string,
  number,
  string,
  number,
  number,
  number,
  number,
  number,
  string,
  string,
  number,
  number,
];
type SessionInsertParams = [string, ...SessionStartValues, ...SessionStatsValues];
type SessionStartParams = [...SessionStartValues, string];
type SessionStatsParams = [...SessionStatsValues, string];

interface FrameRow {
  sid: string;
  seq: number;
  type: StoredFrame['type'];
  ts: string;
  ts_micros: number;
  identity: string | null;
  resource: string | null;
  frame: string;
  bytes: number;
  findings: string | null;
  hash: string;
  ingested_at: number;
}

interface SessionRow {
  sid: string;
  identity_sub: string | null;
  identity: string | null;
  resource_name: string | null;
  resource_type: string | null;
  resource: string | null;
  client: string | null;
  gateway: string | null;
  labels: string | null;
  correlation_id: string | null;
  status: SessionStatus;
  started_at: string | null;
  started_micros: number | null;
  ended_at: string | null;
  first_ts: string;
  first_micros: number;
  last_ts: string;
  last_micros: number;
  sort_micros: number;
  frame_count: number;
  exchange_count: number;
  bytes: number;
  max_seq: number;
  decisions: string;
  findings: string;
  findings_total: number;
  gaps: string | null;
  seal: string | null;
  legal_hold: number;
}

interface IdentityRow {
  sub: string;
  name: string | null;
  type: string | null;
  session_count: number;
  first_ts: string;
  last_ts: string;
  last_micros: number;
  findings: string;
  resources_json: string | null;
}

interface IdentityAggregateRow {
  sub: string;
  name: string | null;
  type: string | null;
  session_count: number;
  first_ts: string;
  first_micros: number;
  last_ts: string;
  last_micros: number;
  findings: string;
}

/** What one batch adds to an identity, summed over its sessions. */
interface IdentityDelta {
  sub: string;
  name: string | null;
  type: string | null;
  sessions: number;
  firstTs: string;
  firstMicros: number;
  lastTs: string;
  lastMicros: number;
  findings: Map<string, number>;
  resources: Set<string>;
}

/** A session's summary while a batch is applied; persisted once per batch. */
interface SessionState {
  sid: string;
  /** sort key as stored before this batch; null for a session new in this batch */
  loadedSortMicros: number | null;
  touched: boolean;
  identitySub: string | null;
  identityName: string | null;
  identityType: string | null;
  identityJson: string | null;
  /** the {sub,name,type,iss} copy put on frames that arrive without one */
  frameIdentityJson: string | null;
  resourceName: string | null;
  resourceType: string | null;
  resourceJson: string | null;
  clientJson: string | null;
  gatewayJson: string | null;
  labelsJson: string | null;
  correlationId: string | null;
  status: SessionStatus;
  startedAt: string | null;
  startedMicros: number | null;
  endedAt: string | null;
  firstTs: string;
  firstMicros: number;
  lastTs: string;
  lastMicros: number;
  frameCount: number;
  exchangeCount: number;
  bytes: number;
  maxSeq: number;
  findingsTotal: number;
  /** counts so far, this batch included */
  decisions: Map<string, number>;
  findings: Map<string, number>;
  /** findings of this batch only (added to the identity's) */
  findingsDelta: Map<string, number>;
  /** outcomes and info types first seen in this batch (rows for the filter tables) */
  newOutcomes: string[];
  newInfoTypes: string[];
  /** session.start newly stored in this batch (identity aggregates count the session once) */
  identityNew: boolean;
  /** session.start arrived after other frames: fill their identity columns */
  fillFrames: boolean;
  batchXids: Set<string>;
}

interface SessionCursor {
  k: 'sessions';
  t: number;
  s: string;
}
interface IdentityCursor {
  k: 'identities';
  t: number;
  s: string;
}

const FRAME_COLUMNS =
  'sid, seq, type, ts, ts_micros, identity, resource, frame, bytes, findings, hash, ingested_at' as const;

const SESSION_READ = 'SELECT s.* FROM sessions s';

/**
 * The embedded RecordingStore: one SQLite file (better-sqlite3, WAL) with FTS5 for
 * full text over masked payloads. better-sqlite3 is synchronous, so every method
 * completes its work before its promise settles; one writeFrames call is one
 * IMMEDIATE transaction, so a batch is stored entirely or not at all.
 */
export class SqliteRecordingStore extends RecordingStore {
  private db: Database.Database | undefined;
  private closed = false;
  private stmts: ReturnType<SqliteRecordingStore['prepareStatements']> | undefined;
  private readonly searchStatements = new Map<string, Database.Statement<unknown[], SessionRow>>();
  private readonly streamPageSize: number;
  /**
   * Summaries of recently written sessions and identities, so a batch does not
   * re-read them. Valid only while this connection is the only writer: PRAGMA
   * data_version changes when another connection commits, and then both are dropped,
   * as they are after a failed batch. (Anything else that rewrites these rows, such
   * as retention, must call dropCaches().)
   */
  private readonly sessionCache = new Map<string, SessionState>();
  private readonly identityCache = new Map<string, IdentityAggregateRow>();
  private cacheDataVersion: number | undefined;

  constructor(private readonly options: SqliteRecordingStoreOptions) {
    super();
    this.streamPageSize = clampLimit(options.streamPageSize, 500, MAX_FRAME_LIMIT);
  }

  async init(): Promise<void> {
    if (this.closed) throw new StoreNotOpenError('closed');
    if (this.db) return;
    const { path } = this.options;
    if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${this.options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      db.pragma('busy_timeout = 5000');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -32768');
      this.migrate(db, this.options.migrations ?? SQLITE_MIGRATIONS);
      this.db = db;
      this.stmts = this.prepareStatements(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Applies the migrations newer than the file's schema version, each in its own transaction. */
  private migrate(db: Database.Database, migrations: readonly SqliteMigration[]): void {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const row = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations').get();
    const current = row?.v ?? 0;
    const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (current > latest) {
      throw new StoreError(`database schema version ${current} is newer than this build supports (${latest})`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      }).immediate();
    }
  }

  private prepareStatements(db: Database.Database) {
    return {
      insertFrame: db.prepare<
        [
          string,
          number,
          string,
          string,
          number,
          string | null,
          string | null,
          string | null,
          string | null,
          string | null,
          string,
          number,
          string | null,
          string,
          number,
        ]
      >(
        // only the idempotency key may conflict; any other constraint failure throws
        `INSERT INTO frames (sid, seq, type, ts, ts_micros, identity_sub, identity, resource_name,
           resource_type, resource, frame, bytes, findings, hash, ingested_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sid, seq) DO NOTHING`,
      ),
      insertFts: db.prepare<[number | bigint, string]>('INSERT INTO frames_fts (rowid, text) VALUES (?, ?)'),
      insertExchange: db.prepare<[string, string]>('INSERT OR IGNORE INTO session_exchanges (sid, xid) VALUES (?, ?)'),
      loadSessions: db.prepare<[string], SessionRow>(
        'SELECT * FROM sessions WHERE sid IN (SELECT value FROM json_each(?))',
      ),
      insertSession: db.prepare<SessionInsertParams>(
        `INSERT INTO sessions (sid, identity_sub, identity, resource_name, resource_type, resource, client, gateway,
           labels, correlation_id, started_at, started_micros, sort_micros, status, ended_at, first_ts, first_micros,
           last_ts, last_micros, frame_count, exchange_count, bytes, max_seq, decisions, findings, findings_total,
           updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Two updates, so the indexed columns (identity, resource, sort key) are only
      // rewritten when session.start arrives, not on every batch.
      updateSessionStart: db.prepare<SessionStartParams>(
        `UPDATE sessions SET identity_sub = ?, identity = ?, resource_name = ?, resource_type = ?, resource = ?,
           client = ?, gateway = ?, labels = ?, correlation_id = ?, started_at = ?, started_micros = ?, sort_micros = ?
         WHERE sid = ?`,
      ),
      updateSessionStats: db.prepare<SessionStatsParams>(
        `UPDATE sessions SET status = ?, ended_at = ?, first_ts = ?, first_micros = ?, last_ts = ?, last_micros = ?,
           frame_count = ?, exchange_count = ?, bytes = ?, max_seq = ?, decisions = ?, findings = ?,
           findings_total = ?, gaps = NULL, updated_at = ?
         WHERE sid = ?`,
      ),
      addOutcome: db.prepare<[string, string]>('INSERT OR IGNORE INTO session_outcomes (outcome, sid) VALUES (?, ?)'),
      addInfoType: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO session_info_types (info_type, sid) VALUES (?, ?)',
      ),
      fillFrameIdentity: db.prepare<
        [string | null, string | null, string | null, string | null, string | null, string]
      >(
        `UPDATE frames SET identity_sub = ?, identity = ?, resource_name = ?, resource_type = ?, resource = ?
         WHERE sid = ? AND identity_sub IS NULL`,
      ),
      loadIdentities: db.prepare<[string], IdentityAggregateRow>(
        `SELECT sub, name, type, session_count, first_ts, first_micros, last_ts, last_micros, findings
         FROM identities WHERE sub IN (SELECT value FROM json_each(?))`,
      ),
      upsertIdentity: db.prepare<
        [string, string | null, string | null, number, string, number, string, number, string]
      >(
        `INSERT INTO identities (sub, name, type, session_count, first_ts, first_micros, last_ts, last_micros, findings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sub) DO UPDATE SET name = excluded.name, type = excluded.type,
           session_count = excluded.session_count, first_ts = excluded.first_ts, first_micros = excluded.first_micros,
           last_ts = excluded.last_ts, last_micros = excluded.last_micros, findings = excluded.findings`,
      ),
      addIdentityResource: db.prepare<[string, string]>(
        'INSERT OR IGNORE INTO identity_resources (sub, resource_name) VALUES (?, ?)',
      ),
      chainHead: db.prepare<[string], { seq: number; hash: string }>(
        'SELECT seq, hash FROM frames WHERE sid = ? ORDER BY seq DESC LIMIT 1',
      ),
      setSeal: db.prepare<[string, number, string]>('UPDATE sessions SET seal = ?, updated_at = ? WHERE sid = ?'),
      getSession: db.prepare<[string], SessionRow>(`${SESSION_READ} WHERE s.sid = ?`),
      gapRuns: db.prepare<[string], { seq: number; next: number }>(
        `SELECT seq, next FROM (
           SELECT seq, lead(seq) OVER (ORDER BY seq) AS next FROM frames WHERE sid = ?
         ) WHERE next > seq + 1`,
      ),
      minSeq: db.prepare<[string], { m: number | null }>('SELECT min(seq) AS m FROM frames WHERE sid = ?'),
      cacheGaps: db.prepare<[string, string, number]>(
        'UPDATE sessions SET gaps = ? WHERE sid = ? AND frame_count = ? AND gaps IS NULL',
      ),
      frames: db.prepare<[string, number, number, number], FrameRow>(
        `SELECT ${FRAME_COLUMNS} FROM frames WHERE sid = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`,
      ),
      identitiesFirst: db.prepare<[number], IdentityRow>(identitiesSql(false)),
      identitiesAfter: db.prepare<[number, string, number], IdentityRow>(identitiesSql(true)),
    };
  }

  private open(): { db: Database.Database; stmts: NonNullable<SqliteRecordingStore['stmts']> } {
    if (!this.db || !this.stmts) throw new StoreNotOpenError(this.closed ? 'closed' : 'not initialised');
    return { db: this.db, stmts: this.stmts };
  }

  async writeFrames(frames: StoredFrame[], options: WriteFramesOptions = {}): Promise<WriteReport> {
    const { db } = this.open();
    const report: WriteReport = { stored: 0, duplicates: 0, failed: [] };
    const valid: StoredFrame[] = [];
    for (const f of frames) {
      const problem = storedFrameProblem(f);
      if (problem) report.failed.push({ id: String(f.id), reason: problem, retryable: false });
      else valid.push(f);
    }
    if (valid.length > 0) {
      try {
        db.transaction(() => this.writeBatch(valid, report)).immediate();
      } catch (err) {
        // Engine errors (disk full, busy): the transaction rolled back, the caller
        // retries the whole batch — idempotent by (sid, seq).
        this.dropCaches();
        throw err;
      }
    }
    if (options.sign) await this.sealEnded(valid, options.sign);
    return report;
  }

  /**
   * Seals the sessions whose session.end is in the batch, unless the stored
   * seal already signs the head. A re-delivered session.end (after a crash
   * between the write and the seal) therefore seals what was left unsealed.
   */
  private async sealEnded(frames: StoredFrame[], sign: SealSigner): Promise<void> {
    for (const sid of new Set(frames.filter((f) => f.type === 'session.end').map((f) => f.sid))) {
      const [session, head] = [await this.getSession(sid), await this.getChainHead(sid)];
      if (!session || !head) continue;
      if (session.seal?.lastSeq === head.seq && session.seal.head === head.hash) continue;
      const seal = await sign({
        sid,
        lastSeq: head.seq,
        head: head.hash,
        frames: session.frameCount,
        gaps: session.gaps,
      });
      await this.setSeal(sid, seal);
    }
  }

  private writeBatch(frames: StoredFrame[], report: WriteReport): void {
    const { stmts } = this.open();
    const states = this.loadStates(frames);
    const json = jsonCache();
    for (const f of frames) {
      const state = states.get(f.sid) as SessionState;
      const frame = f.frame;
      // session.start carries its own identity; others take theirs, or the session's.
      let identitySub: string | null;
      let identityJson: string | null;
      let resourceName: string | null;
      let resourceType: string | null;
      let resourceJson: string | null;
      const ownIdentity =
        f.identity ?? (frame.type === 'session.start' ? pickFrameIdentity(frame.identity) : undefined);
      const ownResource = f.resource ?? (frame.type === 'session.start' ? frame.resource : undefined);
      if (ownIdentity) {
        identitySub = ownIdentity.sub;
        identityJson = json(ownIdentity);
      } else {
        identitySub = state.identitySub;
        identityJson = state.frameIdentityJson;
      }
      if (ownResource) {
        resourceName = ownResource.name;
        resourceType = ownResource.type ?? null;
        resourceJson = json(ownResource);
      } else {
        resourceName = state.resourceName;
        resourceType = state.resourceType;
        resourceJson = state.resourceJson;
      }
      const findingsJson = hasKeys(f.findings) ? JSON.stringify(f.findings) : null;
      const result = stmts.insertFrame.run(
        f.sid,
        f.seq,
        f.type,
        f.ts,
        f.tsMicros,
        identitySub,
        identityJson,
        resourceName,
        resourceType,
        resourceJson,
        JSON.stringify(frame),
        f.bytes,
        findingsJson,
        f.hash,
        f.ingestedAt,
      );
      if (result.changes === 0) {
        report.duplicates++;
        continue;
      }
      report.stored++;
      const text = frameSearchText(frame);
      if (text.length > 0) stmts.insertFts.run(result.lastInsertRowid, text);
      this.applyFrame(state, f);
    }
    const now = Date.now();
    const identities = new Map<string, IdentityDelta>();
    for (const state of states.values()) {
      if (!state.touched) continue;
      this.persistState(state, now);
      if (state.identitySub !== null) addIdentityDelta(identities, state);
    }
    if (identities.size > 0) this.persistIdentities(identities);
  }

  /** The summaries of every session in the batch: cached ones, the rest in one query. */
  private loadStates(frames: StoredFrame[]): Map<string, SessionState> {
    const { db, stmts } = this.open();
    const version = Number(db.pragma('data_version', { simple: true }));
    if (version !== this.cacheDataVersion) {
      this.dropCaches();
      this.cacheDataVersion = version;
    }
    const states = new Map<string, SessionState>();
    const missing: string[] = [];
    for (const f of frames) {
      if (states.has(f.sid)) continue;
      const cached = this.sessionCache.get(f.sid);
      if (cached) states.set(f.sid, startBatch(cached));
      else if (!missing.includes(f.sid)) missing.push(f.sid);
    }
    if (missing.length > 0) {
      for (const row of stmts.loadSessions.all(JSON.stringify(missing))) states.set(row.sid, stateFromRow(row));
      for (const sid of missing) if (!states.has(sid)) states.set(sid, emptyState(sid));
    }
    for (const [sid, state] of states) remember(this.sessionCache, sid, state);
    return states;
  }

  /** Forgets cached summaries; the next batch reads them from the database. */
  dropCaches(): void {
    this.sessionCache.clear();
    this.identityCache.clear();
  }

  private applyFrame(state: SessionState, f: StoredFrame): void {
    const { stmts } = this.open();
    const frame = f.frame;
    if (frame.type === 'session.start' && state.startedAt === null) {
      // The first stored session.start defines the session; frames stored before it get its identity.
      const frameIdentity = pickFrameIdentity(frame.identity);
      state.identitySub = frame.identity.sub;
      state.identityName = frame.identity.name ?? null;
      state.identityType = frame.identity.type ?? null;
      state.identityJson = JSON.stringify(frame.identity);
      state.frameIdentityJson = JSON.stringify(frameIdentity);
      state.resourceName = frame.resource.name;
      state.resourceType = frame.resource.type ?? null;
      state.resourceJson = JSON.stringify(frame.resource);
      state.clientJson = frame.client ? JSON.stringify(frame.client) : null;
      state.gatewayJson = frame.gateway ? JSON.stringify(frame.gateway) : null;
      state.labelsJson = frame.labels ? JSON.stringify(frame.labels) : null;
      state.correlationId = frame.correlationId ?? null;
      state.startedAt = f.ts;
      state.startedMicros = f.tsMicros;
      state.identityNew = true;
      if (state.frameCount > 0) state.fillFrames = true;
    }
    state.touched = true;
    state.frameCount++;
    state.bytes += f.bytes;
    if (f.tsMicros < state.firstMicros) {
      state.firstMicros = f.tsMicros;
      state.firstTs = f.ts;
    }
    if (f.tsMicros > state.lastMicros) {
      state.lastMicros = f.tsMicros;
      state.lastTs = f.ts;
    }
    if (f.seq > state.maxSeq) state.maxSeq = f.seq;
    switch (frame.type) {
      case 'request':
      case 'response':
        if (typeof frame.xid === 'string' && !state.batchXids.has(frame.xid)) {
          state.batchXids.add(frame.xid);
          if (stmts.insertExchange.run(f.sid, frame.xid).changes > 0) state.exchangeCount++;
        }
        break;
      case 'decision':
        if (!state.decisions.has(frame.outcome)) state.newOutcomes.push(frame.outcome);
        increment(state.decisions, frame.outcome, 1);
        break;
      case 'session.end':
        state.status = frame.status;
        state.endedAt = f.ts;
        break;
      default:
        break;
    }
    for (const [infoType, count] of Object.entries(f.findings ?? {})) {
      if (typeof count === 'number' && count > 0) {
        if (!state.findings.has(infoType)) state.newInfoTypes.push(infoType);
        increment(state.findings, infoType, count);
        increment(state.findingsDelta, infoType, count);
        state.findingsTotal += count;
      }
    }
  }

  private persistState(s: SessionState, now: number): void {
    const { stmts } = this.open();
    const start: SessionStartValues = [
      s.identitySub,
      s.identityJson,
      s.resourceName,
      s.resourceType,
      s.resourceJson,
      s.clientJson,
      s.gatewayJson,
      s.labelsJson,
      s.correlationId,
      s.startedAt,
      s.startedMicros,
      s.startedMicros ?? s.firstMicros,
    ];
    const stats: SessionStatsValues = [
      s.status,
      s.endedAt,
      s.firstTs,
      s.firstMicros,
      s.lastTs,
      s.lastMicros,
      s.frameCount,
      s.exchangeCount,
      s.bytes,
      s.maxSeq,
      countsJson(s.decisions),
      countsJson(s.findings),
      s.findingsTotal,
      now,
    ];
    if (s.loadedSortMicros === null) {
      stmts.insertSession.run(s.sid, ...start, ...stats);
    } else {
      if (s.identityNew || s.loadedSortMicros !== start[11]) stmts.updateSessionStart.run(...start, s.sid);
      stmts.updateSessionStats.run(...stats, s.sid);
    }
    for (const outcome of s.newOutcomes) stmts.addOutcome.run(outcome, s.sid);
    for (const infoType of s.newInfoTypes) stmts.addInfoType.run(infoType, s.sid);
    if (s.fillFrames) {
      stmts.fillFrameIdentity.run(
        s.identitySub,
        s.frameIdentityJson,
        s.resourceName,
        s.resourceType,
        s.resourceJson,
        s.sid,
      );
    }
  }

  /** One read and one upsert per identity touched by the batch. */
  private persistIdentities(deltas: Map<string, IdentityDelta>): void {
    const { stmts } = this.open();
    const missing = [...deltas.keys()].filter((sub) => !this.identityCache.has(sub));
    if (missing.length > 0) {
      for (const row of stmts.loadIdentities.all(JSON.stringify(missing))) this.identityCache.set(row.sub, row);
    }
    for (const d of deltas.values()) {
      const row = this.identityCache.get(d.sub);
      const findings = countsMap(row?.findings ?? null);
      for (const [infoType, count] of d.findings) increment(findings, infoType, count);
      const first = row && row.first_micros <= d.firstMicros ? row : undefined;
      const last = row && row.last_micros >= d.lastMicros ? row : undefined;
      const next: IdentityAggregateRow = {
        sub: d.sub,
        name: d.name ?? row?.name ?? null,
        type: d.type ?? row?.type ?? null,
        session_count: (row?.session_count ?? 0) + d.sessions,
        first_ts: first ? first.first_ts : d.firstTs,
        first_micros: first ? first.first_micros : d.firstMicros,
        last_ts: last ? last.last_ts : d.lastTs,
        last_micros: last ? last.last_micros : d.lastMicros,
        findings: countsJson(findings),
      };
      stmts.upsertIdentity.run(
        next.sub,
        next.name,
        next.type,
        next.session_count,
        next.first_ts,
        next.first_micros,
        next.last_ts,
        next.last_micros,
        next.findings,
      );
      remember(this.identityCache, next.sub, next);
      for (const resource of d.resources) stmts.addIdentityResource.run(d.sub, resource);
    }
  }

  async getChainHead(sid: string): Promise<{ seq: number; hash: string } | null> {
    const row = this.open().stmts.chainHead.get(sid);
    return row ? { seq: row.seq, hash: row.hash } : null;
  }

  async setSeal(sid: string, seal: SessionSeal): Promise<void> {
    const result = this.open().stmts.setSeal.run(JSON.stringify(seal), Date.now(), sid);
    if (result.changes === 0) throw new SessionNotFoundError(sid);
  }

  async getSession(sid: string): Promise<SessionSummary | null> {
    const row = this.open().stmts.getSession.get(sid);
    return row ? this.toSummary(row) : null;
  }

  async searchSessions(query: SessionQuery): Promise<Page<SessionSummary>> {
    const { db } = this.open();
    const limit = clampLimit(query.limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, ...values: unknown[]): void => {
      where.push(clause);
      params.push(...values);
    };
    if (query.identity !== undefined) add('s.identity_sub = ?', query.identity);
    if (query.resource !== undefined) add('s.resource_name = ?', query.resource);
    if (query.resourceType !== undefined) add('s.resource_type = ?', query.resourceType);
    if (query.from !== undefined) add('s.last_micros >= ?', queryTsMicros('from', query.from));
    if (query.to !== undefined) add('s.first_micros <= ?', queryTsMicros('to', query.to));
    if (query.status !== undefined) add('s.status = ?', query.status);
    if (query.decision !== undefined) {
      add('EXISTS (SELECT 1 FROM session_outcomes o WHERE o.outcome = ? AND o.sid = s.sid)', query.decision);
    }
    if (query.hasMasking !== undefined) add(query.hasMasking ? 's.findings_total > 0' : 's.findings_total = 0');
    if (query.infoType !== undefined) {
      add('EXISTS (SELECT 1 FROM session_info_types t WHERE t.info_type = ? AND t.sid = s.sid)', query.infoType);
    }
    if (query.text !== undefined) {
      const match = toFtsQuery(query.text);
      if (match === null) return { items: [] };
      add(
        `s.sid IN (SELECT fr.sid FROM frames_fts JOIN frames fr ON fr.ingest_seq = frames_fts.rowid
                   WHERE frames_fts MATCH ?)`,
        match,
      );
    }
    if (query.cursor !== undefined) {
      const c = decodeKeyset(query.cursor, 'sessions');
      add('(s.sort_micros, s.sid) < (?, ?)', c.t, c.s);
    }
    const sql = `${SESSION_READ}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.sort_micros DESC, s.sid DESC LIMIT ?`;
    let stmt = this.searchStatements.get(sql);
    if (!stmt) {
      stmt = db.prepare<unknown[], SessionRow>(sql);
      this.searchStatements.set(sql, stmt);
    }
    const rows = stmt.all(...params, limit + 1);
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const items = pageRows.map((row) => this.toSummary(row));
    const last = pageRows[pageRows.length - 1];
    const cursor: SessionCursor | undefined =
      more && last ? { k: 'sessions', t: last.sort_micros, s: last.sid } : undefined;
    return cursor ? { items, nextCursor: encodeCursor(cursor) } : { items };
  }

  async listIdentities(query: IdentityQuery): Promise<Page<IdentitySummary>> {
    const { stmts } = this.open();
    const limit = clampLimit(query.limit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT);
    let rows: IdentityRow[];
    if (query.cursor !== undefined) {
      const c = decodeKeyset(query.cursor, 'identities');
      rows = stmts.identitiesAfter.all(c.t, c.s, limit + 1);
    } else {
      rows = stmts.identitiesFirst.all(limit + 1);
    }
    const more = rows.length > limit;
    const pageRows = more ? rows.slice(0, limit) : rows;
    const items = pageRows.map(toIdentitySummary);
    const last = pageRows[pageRows.length - 1];
    const cursor: IdentityCursor | undefined =
      more && last ? { k: 'identities', t: last.last_micros, s: last.sub } : undefined;
    return cursor ? { items, nextCursor: encodeCursor(cursor) } : { items };
  }

  async getFrames(sid: string, query: FrameRangeQuery): Promise<StoredFrame[]> {
    const { stmts } = this.open();
    const limit = clampLimit(query.limit, DEFAULT_FRAME_LIMIT, MAX_FRAME_LIMIT);
    const [from, to] = seqBounds(query);
    return stmts.frames.all(sid, from, to, limit).map(toStoredFrame);
  }

  async *streamFrames(sid: string, query: Omit<FrameRangeQuery, 'limit'> = {}): AsyncGenerator<StoredFrame> {
    let [from] = seqBounds(query);
    const [, to] = seqBounds(query);
    // Keyset pages on (sid, seq): memory stays at one page, and no statement stays
    // open between pages, so writes can go on while a consumer reads slowly.
    for (;;) {
      const rows = this.open().stmts.frames.all(sid, from, to, this.streamPageSize);
      for (const row of rows) yield toStoredFrame(row);
      if (rows.length < this.streamPageSize) return;
      from = rows[rows.length - 1].seq + 1;
    }
  }

  override async readIngestOrder(query: IngestOrderQuery): Promise<IngestOrderPage> {
    const { db } = this.open();
    if (query.after && query.after.kind !== 'rowid') throw new InvalidCursorError('cursor is not a SQLite position');
    const after = query.after?.rowid ?? 0;
    const limit = clampLimit(query.limit, DEFAULT_FRAME_LIMIT, MAX_FRAME_LIMIT);
    const rows = db
      .prepare<[number, number, number], FrameRow & { ingest_seq: number }>(
        `SELECT ingest_seq, ${FRAME_COLUMNS} FROM frames WHERE ingest_seq > ? AND ingested_at >= ? ORDER BY ingest_seq LIMIT ?`,
      )
      .all(after, query.sinceIngestedAt ?? 0, limit);
    const last = rows[rows.length - 1];
    return { items: rows.map(toStoredFrame), last: last ? { kind: 'rowid', rowid: last.ingest_seq } : undefined };
  }

  override async setLegalHold(sid: string, hold: boolean): Promise<void> {
    const { db } = this.open();
    const changed = db
      .prepare('UPDATE sessions SET legal_hold = ?, updated_at = ? WHERE sid = ?')
      .run(hold ? 1 : 0, Date.now(), sid);
    if (changed.changes === 0) throw new SessionNotFoundError(sid);
    this.sessionCache.delete(sid);
  }

  /**
   * Deletes expired sessions with their frames, index entries and side rows
   * in one transaction, then rebuilds the aggregates of the identities they
   * belonged to from the sessions that remain.
   */
  override async purgeExpired(before: string): Promise<RetentionReport> {
    const { db } = this.open();
    const cutoff = parseTsMicros(before);
    if (cutoff === undefined) throw new InvalidQueryError(`not an RFC 3339 time: ${before}`);
    const run = db.transaction((): RetentionReport => {
      const kept = db
        .prepare<[number], { n: number }>('SELECT count(*) AS n FROM sessions WHERE last_micros < ? AND legal_hold = 1')
        .get(cutoff);
      const expired = db
        .prepare<[number], { sid: string; identity_sub: string | null }>(
          'SELECT sid, identity_sub FROM sessions WHERE last_micros < ? AND legal_hold = 0',
        )
        .all(cutoff);
      let deletedFrames = 0;
      const subs = new Set<string>();
      const rowids = db.prepare<[string], { r: number }>('SELECT ingest_seq AS r FROM frames WHERE sid = ?');
      const delFts = db.prepare('DELETE FROM frames_fts WHERE rowid = ?');
      for (const { sid, identity_sub } of expired) {
        for (const { r } of rowids.all(sid)) delFts.run(r);
        deletedFrames += db.prepare('DELETE FROM frames WHERE sid = ?').run(sid).changes;
        for (const t of ['session_exchanges', 'session_outcomes', 'session_info_types', 'sessions'])
          db.prepare(`DELETE FROM ${t} WHERE sid = ?`).run(sid);
        if (identity_sub) subs.add(identity_sub);
        this.sessionCache.delete(sid);
      }
      for (const sub of subs) this.rebuildIdentity(db, sub);
      return { deletedFrames, deletedSessions: expired.length, keptOnHold: kept?.n ?? 0 };
    });
    return run.immediate();
  }

  private rebuildIdentity(db: Database.Database, sub: string): void {
    this.identityCache.delete(sub);
    const rows = db
      .prepare<
        [string],
        {
          first_ts: string;
          first_micros: number;
          last_ts: string;
          last_micros: number;
          findings: string;
          resource_name: string | null;
        }
      >(
        'SELECT first_ts, first_micros, last_ts, last_micros, findings, resource_name FROM sessions WHERE identity_sub = ?',
      )
      .all(sub);
    db.prepare('DELETE FROM identity_resources WHERE sub = ?').run(sub);
    if (!rows.length) {
      db.prepare('DELETE FROM identities WHERE sub = ?').run(sub);
      return;
    }
    const findings = new Map<string, number>();
    let first = rows[0];
    let last = rows[0];
    for (const r of rows) {
      if (r.first_micros < first.first_micros) first = r;
      if (r.last_micros > last.last_micros) last = r;
      for (const [k, n] of countsMap(r.findings)) increment(findings, k, n);
      if (r.resource_name)
        db.prepare('INSERT OR IGNORE INTO identity_resources (sub, resource_name) VALUES (?, ?)').run(
          sub,
          r.resource_name,
        );
    }
    db.prepare(
      'UPDATE identities SET session_count = ?, first_ts = ?, first_micros = ?, last_ts = ?, last_micros = ?, findings = ? WHERE sub = ?',
    ).run(rows.length, first.first_ts, first.first_micros, last.last_ts, last.last_micros, countsJson(findings), sub);
  }

  async health(): Promise<StoreHealth> {
    if (!this.db) return { ok: false, engine: 'sqlite', detail: this.closed ? 'closed' : 'not initialised' };
    try {
      const row = this.db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get();
      const journal = String(this.db.pragma('journal_mode', { simple: true }));
      const sync = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(this.db.pragma('synchronous', { simple: true }))] ?? '?';
      return {
        ok: true,
        engine: 'sqlite',
        detail: `sqlite ${row?.v ?? '?'}, journal_mode=${journal}, synchronous=${sync}`,
      };
    } catch (err) {
      return { ok: false, engine: 'sqlite', detail: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const db = this.db;
    this.db = undefined;
    this.stmts = undefined;
    this.searchStatements.clear();
    this.dropCaches();
    if (db?.open) db.close();
  }

  /** Gaps are derived on read, and only for sessions whose count says there are some. */
  private toSummary(row: SessionRow): SessionSummary {
    const summary: SessionSummary = {
      sid: row.sid,
      status: row.status,
      firstTs: row.first_ts,
      lastTs: row.last_ts,
      frameCount: row.frame_count,
      exchangeCount: row.exchange_count,
      bytes: row.bytes,
      maxSeq: row.max_seq,
      gaps: this.gapsOf(row),
      decisions: parseCounts(row.decisions) as Partial<Record<DecisionOutcome, number>>,
      findings: parseCounts(row.findings),
    };
    if (row.identity !== null) summary.identity = JSON.parse(row.identity) as Identity;
    if (row.resource !== null) summary.resource = JSON.parse(row.resource) as Resource;
    if (row.client !== null) summary.client = JSON.parse(row.client) as SessionSummary['client'];
    if (row.gateway !== null) summary.gateway = JSON.parse(row.gateway) as SessionSummary['gateway'];
    if (row.labels !== null) summary.labels = JSON.parse(row.labels) as Record<string, string>;
    if (row.correlation_id !== null) summary.correlationId = row.correlation_id;
    if (row.started_at !== null) summary.startedAt = row.started_at;
    if (row.ended_at !== null) summary.endedAt = row.ended_at;
    if (row.seal !== null) summary.seal = JSON.parse(row.seal) as SessionSeal;
    if (row.legal_hold) summary.legalHold = true;
    return summary;
  }

  private gapsOf(row: SessionRow): SeqRange[] {
    if (row.frame_count === row.max_seq + 1) return [];
    if (row.gaps !== null) return JSON.parse(row.gaps) as SeqRange[];
    const { stmts } = this.open();
    const gaps: SeqRange[] = [];
    const min = stmts.minSeq.get(row.sid)?.m ?? 0;
    if (min > 0) gaps.push({ from: 0, to: min - 1 });
    for (const r of stmts.gapRuns.all(row.sid)) gaps.push({ from: r.seq + 1, to: r.next - 1 });
    try {
      // Cache until the next write to this session resets it; a failure here only costs a recomputation.
      stmts.cacheGaps.run(JSON.stringify(gaps), row.sid, row.frame_count);
    } catch {
      /* busy: leave uncached */
    }
    return gaps;
  }
}

function identitiesSql(after: boolean): string {
  return `SELECT i.sub, i.name, i.type, i.session_count, i.first_ts, i.last_ts, i.last_micros, i.findings,
      (SELECT json_group_array(r.resource_name) FROM identity_resources r WHERE r.sub = i.sub) AS resources_json
    FROM identities i
    ${after ? 'WHERE (i.last_micros, i.sub) < (?, ?)' : ''}
    ORDER BY i.last_micros DESC, i.sub DESC LIMIT ?`;
}

function decodeKeyset<K extends 'sessions' | 'identities'>(cursor: string, kind: K): { t: number; s: string } {
  const value = decodeCursor(cursor);
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { k?: unknown }).k !== kind ||
    !Number.isSafeInteger((value as { t?: unknown }).t) ||
    typeof (value as { s?: unknown }).s !== 'string'
  ) {
    throw new InvalidCursorError(`not a ${kind} cursor`);
  }
  return value as { t: number; s: string };
}

function seqBounds(query: Omit<FrameRangeQuery, 'limit'>): [number, number] {
  const from =
    query.fromSeq !== undefined && Number.isFinite(query.fromSeq) ? Math.max(0, Math.ceil(query.fromSeq)) : 0;
  const to =
    query.toSeq !== undefined && Number.isFinite(query.toSeq) ? Math.floor(query.toSeq) : Number.MAX_SAFE_INTEGER;
  return [from, to];
}

function emptyState(sid: string): SessionState {
  return {
    sid,
    loadedSortMicros: null,
    touched: false,
    identitySub: null,
    identityName: null,
    identityType: null,
    identityJson: null,
    frameIdentityJson: null,
    resourceName: null,
    resourceType: null,
    resourceJson: null,
    clientJson: null,
    gatewayJson: null,
    labelsJson: null,
    correlationId: null,
    status: 'active',
    startedAt: null,
    startedMicros: null,
    endedAt: null,
    firstTs: '',
    firstMicros: Number.POSITIVE_INFINITY,
    lastTs: '',
    lastMicros: Number.NEGATIVE_INFINITY,
    frameCount: 0,
    exchangeCount: 0,
    bytes: 0,
    maxSeq: -1,
    findingsTotal: 0,
    decisions: new Map(),
    findings: new Map(),
    findingsDelta: new Map(),
    newOutcomes: [],
    newInfoTypes: [],
    identityNew: false,
    fillFrames: false,
    batchXids: new Set(),
  };
}

/** A cached summary, ready for the next batch: persisted values kept, batch bookkeeping reset. */
function startBatch(s: SessionState): SessionState {
  s.loadedSortMicros = s.frameCount > 0 ? (s.startedMicros ?? s.firstMicros) : null;
  s.touched = false;
  s.identityNew = false;
  s.fillFrames = false;
  s.batchXids = new Set();
  s.findingsDelta = new Map();
  s.newOutcomes = [];
  s.newInfoTypes = [];
  return s;
}

const CACHE_ENTRIES = 10_000;

/** Least-recently-used bound: Map keeps insertion order, so re-inserting marks an entry as fresh. */
function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

function stateFromRow(row: SessionRow): SessionState {
  const identity = row.identity !== null ? (JSON.parse(row.identity) as Identity) : undefined;
  return {
    ...emptyState(row.sid),
    loadedSortMicros: row.sort_micros,
    identitySub: row.identity_sub,
    identityName: identity?.name ?? null,
    identityType: identity?.type ?? null,
    identityJson: row.identity,
    frameIdentityJson: identity ? JSON.stringify(pickFrameIdentity(identity)) : null,
    resourceName: row.resource_name,
    resourceType: row.resource_type,
    resourceJson: row.resource,
    clientJson: row.client,
    gatewayJson: row.gateway,
    labelsJson: row.labels,
    correlationId: row.correlation_id,
    status: row.status,
    startedAt: row.started_at,
    startedMicros: row.started_micros,
    endedAt: row.ended_at,
    firstTs: row.first_ts,
    firstMicros: row.first_micros,
    lastTs: row.last_ts,
    lastMicros: row.last_micros,
    frameCount: row.frame_count,
    exchangeCount: row.exchange_count,
    bytes: row.bytes,
    maxSeq: row.max_seq,
    findingsTotal: row.findings_total,
    decisions: countsMap(row.decisions),
    findings: countsMap(row.findings),
  };
}

function toStoredFrame(row: FrameRow): StoredFrame {
  const stored: StoredFrame = {
    id: `${row.sid}:${row.seq}`,
    sid: row.sid,
    seq: row.seq,
    type: row.type,
    ts: row.ts,
    tsMicros: row.ts_micros,
    frame: JSON.parse(row.frame) as Frame,
    bytes: row.bytes,
    findings: row.findings !== null ? (JSON.parse(row.findings) as FindingCounts) : {},
    hash: row.hash,
    ingestedAt: row.ingested_at,
  };
  if (row.identity !== null) stored.identity = JSON.parse(row.identity) as FrameIdentity;
  if (row.resource !== null) stored.resource = JSON.parse(row.resource) as Resource;
  return stored;
}

function toIdentitySummary(row: IdentityRow): IdentitySummary {
  const summary: IdentitySummary = {
    sub: row.sub,
    sessionCount: row.session_count,
    resources: row.resources_json ? (JSON.parse(row.resources_json) as string[]).sort() : [],
    firstSeen: row.first_ts,
    lastSeen: row.last_ts,
    findings: parseCounts(row.findings),
  };
  if (row.name !== null) summary.name = row.name;
  if (row.type !== null) summary.type = row.type as IdentitySummary['type'];
  return summary;
}

/** Folds a session's batch into the per-identity deltas: a session counts once, when its start is stored. */
function addIdentityDelta(deltas: Map<string, IdentityDelta>, s: SessionState): void {
  const sub = s.identitySub as string;
  let d = deltas.get(sub);
  if (!d) {
    d = {
      sub,
      name: null,
      type: null,
      sessions: 0,
      firstTs: s.firstTs,
      firstMicros: s.firstMicros,
      lastTs: s.lastTs,
      lastMicros: s.lastMicros,
      findings: new Map(),
      resources: new Set(),
    };
    deltas.set(sub, d);
  }
  d.name = s.identityName ?? d.name;
  d.type = s.identityType ?? d.type;
  if (s.firstMicros < d.firstMicros) {
    d.firstMicros = s.firstMicros;
    d.firstTs = s.firstTs;
  }
  if (s.lastMicros > d.lastMicros) {
    d.lastMicros = s.lastMicros;
    d.lastTs = s.lastTs;
  }
  if (s.identityNew) {
    // the session joins its identity now, with everything found before its start
    d.sessions++;
    if (s.resourceName !== null) d.resources.add(s.resourceName);
    for (const [infoType, count] of s.findings) increment(d.findings, infoType, count);
  } else {
    for (const [infoType, count] of s.findingsDelta) increment(d.findings, infoType, count);
  }
}

function parseCounts(json: string | null): Record<string, number> {
  return json ? (JSON.parse(json) as Record<string, number>) : {};
}

/** Counts live in Maps while a batch is applied (info types are data, never object keys of ours). */
function countsMap(json: string | null): Map<string, number> {
  return new Map(Object.entries(parseCounts(json)));
}

function countsJson(counts: Map<string, number>): string {
  return JSON.stringify(Object.fromEntries(counts));
}

function increment(map: Map<string, number>, key: string, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function hasKeys(o: object | undefined): boolean {
  if (!o) return false;
  for (const _ in o) return true;
  return false;
}

/** JSON text per object, computed once per batch (frames of a session share identity objects). */
function jsonCache(): (value: object) => string {
  const cache = new Map<object, string>();
  return (value) => {
    let text = cache.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      cache.set(value, text);
    }
    return text;
  };
}
