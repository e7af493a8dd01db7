import type { SqliteMigration } from './sqlite-migration';

export const migration001Init: SqliteMigration = {
  version: 1,
  name: 'init',
  sql: /* sql */ `
-- One row per stored (masked) frame. The rowid doubles as the ingest order:
-- AUTOINCREMENT never reuses a value, even after retention deletes the newest
-- rows, so export cursors that follow it never skip late frames.
CREATE TABLE frames (
  ingest_seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  sid           TEXT    NOT NULL,
  seq           INTEGER NOT NULL,
  id            TEXT    GENERATED ALWAYS AS (sid || ':' || seq) VIRTUAL,
  type          TEXT    NOT NULL,
  ts            TEXT    NOT NULL,
  ts_micros     INTEGER NOT NULL,
  identity_sub  TEXT,
  identity      TEXT,   -- JSON {sub,name,type,iss}
  resource_name TEXT,
  resource_type TEXT,
  resource      TEXT,   -- JSON Resource
  frame         TEXT    NOT NULL, -- JSON of the masked frame
  bytes         INTEGER NOT NULL,
  findings      TEXT,   -- JSON counts per info type, NULL when none
  hash          TEXT    NOT NULL,
  ingested_at   INTEGER NOT NULL,
  -- the idempotency key: id = sid:seq
  UNIQUE (sid, seq)
);

-- Full text over masked payloads. Contentless (the text lives only in the index,
-- the frame JSON is already in frames), rowid = frames.ingest_seq.
CREATE VIRTUAL TABLE frames_fts USING fts5(
  text,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Per-session summary, maintained by writeFrames for newly stored frames only.
CREATE TABLE sessions (
  sid             TEXT PRIMARY KEY,
  identity_sub    TEXT,
  identity        TEXT,   -- JSON Identity from session.start
  resource_name   TEXT,
  resource_type   TEXT,
  resource        TEXT,   -- JSON Resource
  client          TEXT,   -- JSON
  gateway         TEXT,   -- JSON
  labels          TEXT,   -- JSON
  correlation_id  TEXT,
  status          TEXT    NOT NULL DEFAULT 'active',
  started_at      TEXT,
  started_micros  INTEGER,
  ended_at        TEXT,
  first_ts        TEXT    NOT NULL,
  first_micros    INTEGER NOT NULL,
  last_ts         TEXT    NOT NULL,
  last_micros     INTEGER NOT NULL,
  -- started_micros, or first_micros until session.start is seen: the listing order
  sort_micros     INTEGER NOT NULL,
  frame_count     INTEGER NOT NULL,
  exchange_count  INTEGER NOT NULL,
  bytes           INTEGER NOT NULL,
  max_seq         INTEGER NOT NULL,
  -- JSON counts per outcome / info type; the *_outcomes / *_info_types tables
  -- below index which sessions have any, for the filters
  decisions       TEXT    NOT NULL DEFAULT '{}',
  findings        TEXT    NOT NULL DEFAULT '{}',
  findings_total  INTEGER NOT NULL DEFAULT 0,
  -- JSON seq ranges; NULL = not computed since the last write (only used when
  -- frame_count <> max_seq + 1, i.e. when there are gaps)
  gaps            TEXT,
  seal            TEXT,   -- JSON SessionSeal
  legal_hold      INTEGER NOT NULL DEFAULT 0,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX sessions_by_sort     ON sessions (sort_micros, sid);
CREATE INDEX sessions_by_identity ON sessions (identity_sub, sort_micros, sid);
CREATE INDEX sessions_by_resource ON sessions (resource_name, sort_micros, sid);

-- Distinct exchange ids per session (exchange_count counts first sightings).
CREATE TABLE session_exchanges (
  sid TEXT NOT NULL,
  xid TEXT NOT NULL,
  PRIMARY KEY (sid, xid)
) WITHOUT ROWID;

-- Which sessions saw a decision outcome / an info type (rows added on first sight only).
CREATE TABLE session_outcomes (
  outcome TEXT NOT NULL,
  sid     TEXT NOT NULL,
  PRIMARY KEY (outcome, sid)
) WITHOUT ROWID;

CREATE TABLE session_info_types (
  info_type TEXT NOT NULL,
  sid       TEXT NOT NULL,
  PRIMARY KEY (info_type, sid)
) WITHOUT ROWID;

-- Machine identities, aggregated from sessions whose session.start named them.
CREATE TABLE identities (
  sub           TEXT PRIMARY KEY,
  name          TEXT,
  type          TEXT,
  session_count INTEGER NOT NULL,
  first_ts      TEXT    NOT NULL,
  first_micros  INTEGER NOT NULL,
  last_ts       TEXT    NOT NULL,
  last_micros   INTEGER NOT NULL,
  findings      TEXT    NOT NULL DEFAULT '{}' -- JSON counts summed over its sessions
);
CREATE INDEX identities_by_last_seen ON identities (last_micros, sub);

CREATE TABLE identity_resources (
  sub           TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  PRIMARY KEY (sub, resource_name)
) WITHOUT ROWID;

`,
};
