import Database from 'better-sqlite3';
import type { Page } from '../recording.types';
import { InvalidCursorError } from '../store.errors';
import { AccessEntry, AccessLog, AccessQuery } from './access-log';

interface Row {
  rowid: number;
  id: string;
  at: string;
  actor: string;
  roles: string;
  action: AccessEntry['action'];
  target: string;
  ip: string | null;
  user_agent: string | null;
  status: number | null;
}

/** The access log in the embedded SQLite file (its own table, its own connection). */
export class SqliteAccessLog extends AccessLog {
  private db?: Database.Database;

  constructor(private readonly options: { path: string }) {
    super();
  }

  async init(): Promise<void> {
    const db = new Database(this.options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS access_log (
      rowid INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      roles TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      ip TEXT,
      user_agent TEXT,
      status INTEGER
    );
    CREATE INDEX IF NOT EXISTS access_log_actor ON access_log(actor, rowid);
    CREATE INDEX IF NOT EXISTS access_log_target ON access_log(target, rowid);`);
    this.db = db;
  }

  private get conn(): Database.Database {
    if (!this.db) throw new Error('access log not initialised');
    return this.db;
  }

  async record(e: AccessEntry): Promise<void> {
    this.conn
      .prepare(
        `INSERT OR IGNORE INTO access_log (id, at, actor, roles, action, target, ip, user_agent, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.id,
        e.at,
        e.actor,
        JSON.stringify(e.roles),
        e.action,
        e.target,
        e.ip ?? null,
        e.userAgent ?? null,
        e.status ?? null,
      );
  }

  async list(q: AccessQuery): Promise<Page<AccessEntry>> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (q.actor) {
      where.push('actor = ?');
      args.push(q.actor);
    }
    if (q.action) {
      where.push('action = ?');
      args.push(q.action);
    }
    if (q.target) {
      where.push('target = ?');
      args.push(q.target);
    }
    if (q.from) {
      where.push('at >= ?');
      args.push(q.from);
    }
    if (q.to) {
      where.push('at <= ?');
      args.push(q.to);
    }
    if (q.cursor) {
      const before = Number(Buffer.from(q.cursor, 'base64url').toString());
      if (!Number.isInteger(before) || before < 1) throw new InvalidCursorError('invalid access log cursor');
      where.push('rowid < ?');
      args.push(before);
    }
    const rows = this.conn
      .prepare(
        `SELECT * FROM access_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY rowid DESC LIMIT ?`,
      )
      .all(...args, limit + 1) as Row[];
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        roles: JSON.parse(r.roles) as string[],
        action: r.action,
        target: r.target,
        ...(r.ip ? { ip: r.ip } : {}),
        ...(r.user_agent ? { userAgent: r.user_agent } : {}),
        ...(r.status !== null ? { status: r.status } : {}),
      })),
      nextCursor:
        rows.length > limit ? Buffer.from(String(page[page.length - 1].rowid)).toString('base64url') : undefined,
    };
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
