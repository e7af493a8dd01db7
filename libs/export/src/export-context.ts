import type { ClientInfo, GatewayInfo, Identity, Resource } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

/** Identity as far as exports need it: the frame's copy, else the session's. */
export type ExportIdentity = Pick<Identity, 'sub' | 'name' | 'type' | 'iss'> & Partial<Identity>;

/**
 * Everything a mapper may say about one frame, merged from the stored frame
 * and (when given) its session summary. Frames stored before their
 * session.start arrived carry no identity; the session fills it in.
 */
export interface ExportContext {
  /** stable event id for de-duplication: the stored frame id `sid:seq` */
  eventId: string;
  identity?: ExportIdentity;
  resource?: Resource;
  client?: ClientInfo;
  gateway?: GatewayInfo;
  labels?: Record<string, string>;
  correlationId?: string;
  /** ms since the epoch of the frame's ts (sub-millisecond digits dropped) */
  timeMs: number;
}

export function exportContext(stored: StoredFrame, session?: SessionSummary): ExportContext {
  const frame = stored.frame;
  const start = frame.type === 'session.start' ? frame : undefined;
  return {
    eventId: stored.id,
    identity: start?.identity ?? stored.identity ?? session?.identity,
    resource: start?.resource ?? stored.resource ?? session?.resource,
    client: start?.client ?? session?.client,
    gateway: start?.gateway ?? session?.gateway,
    labels: start?.labels ?? session?.labels,
    correlationId: start?.correlationId ?? session?.correlationId,
    timeMs: Math.floor(stored.tsMicros / 1000),
  };
}

/** Database resource types Auditorium knows (an open set in the frame contract; unknown types are "other"). */
export const DATABASE_RESOURCE_TYPES = [
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongodb',
  'mssql',
  'sqlserver',
  'oracle',
  'redis',
  'cassandra',
  'elasticsearch',
  'opensearch',
  'dynamodb',
  'snowflake',
  'bigquery',
  'clickhouse',
  'cockroachdb',
  'sqlite',
] as const;

const HTTP_RESOURCE_TYPES = new Set(['http', 'https', 'grpc', 'k8s', 'kubernetes', 'graphql']);
const DATABASE_TYPES = new Set<string>(DATABASE_RESOURCE_TYPES);

/** What a resource is, as the mappers care: web API, datastore, or something else (ssh, tcp, …). */
export type ResourceKind = 'http' | 'database' | 'other';

export function resourceKind(resource: Resource | undefined): ResourceKind {
  const type = resource?.type?.toLowerCase();
  if (!type) return 'other';
  if (HTTP_RESOURCE_TYPES.has(type)) return 'http';
  if (DATABASE_TYPES.has(type)) return 'database';
  return 'other';
}

export interface SplitTarget {
  /** the target as the gateway gave it */
  original: string;
  path?: string;
  /** without the leading "?" */
  query?: string;
  /** scheme://host[:port] when the target is an absolute URL */
  origin?: string;
  domain?: string;
  scheme?: string;
  port?: number;
}

/** Splits an HTTP request target (origin-form path or absolute URL) without throwing on odd input. */
export function splitHttpTarget(target: string): SplitTarget {
  const abs = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(target);
  if (abs) {
    const [, scheme, authority, path, query] = abs;
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const portMatch = /:(\d{1,5})$/.exec(hostPort);
    const domain = portMatch ? hostPort.slice(0, portMatch.index) : hostPort;
    return {
      original: target,
      scheme: scheme.toLowerCase(),
      domain: domain || undefined,
      port: portMatch ? Number(portMatch[1]) : undefined,
      origin: `${scheme}://${authority}`,
      path: path || '/',
      query: query || undefined,
    };
  }
  const q = target.indexOf('?');
  const hash = target.indexOf('#');
  const end = hash >= 0 ? hash : target.length;
  if (q >= 0 && q < end) {
    return { original: target, path: target.slice(0, q), query: target.slice(q + 1, end) || undefined };
  }
  return { original: target, path: target.slice(0, end) };
}

/** First word of a SQL statement, upper-cased (SELECT, INSERT, …), skipping comments and parentheses. */
export function sqlVerb(sql: string | undefined): string | undefined {
  if (!sql) return undefined;
  const text = sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
  const m = /^[\s(]*([A-Za-z]+)/.exec(text);
  return m ? m[1].toUpperCase() : undefined;
}

/** The operation of a request/response: its method, else the verb of meta.sql. */
export function operationOf(method: string | undefined, sql: unknown): string | undefined {
  if (method) return method;
  return typeof sql === 'string' ? sqlVerb(sql) : undefined;
}

/** Drops undefined members (shallow), so mapped events carry no `"x": undefined` keys. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** `true` when the object has at least one own key. */
export function nonEmpty(value: object | undefined): boolean {
  if (!value) return false;
  for (const _key in value) return true;
  return false;
}
