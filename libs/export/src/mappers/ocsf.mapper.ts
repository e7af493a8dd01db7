import type { DecisionOutcome, Frame, Resource } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { eventMessage } from '../event-message';
import { compact, exportContext, nonEmpty, operationOf, resourceKind, splitHttpTarget } from '../export-context';
import type { ExportContext } from '../export-context';
import { DEFAULT_PRODUCT_VERSION, DEFAULT_VENDOR, PRODUCT_NAME } from '../export-format';
import type { ExportProductOptions } from '../export-format';
import {
  OCSF_ACTION,
  OCSF_ACTION_NAMES,
  OCSF_ACTIVITIES,
  OCSF_AUTH_PROTOCOL_OPENID,
  OCSF_CLASS,
  OCSF_SEVERITY,
  OCSF_SEVERITY_NAMES,
  OCSF_STATUS,
  OCSF_STATUS_NAMES,
  OCSF_VERSION,
} from './ocsf.values';
import type { OcsfClass } from './ocsf.values';

export interface OcsfUser {
  uid: string;
  name?: string;
  type_id?: number;
  type?: string;
}

/** An OCSF event (Authentication 3002, API Activity 6003 or Datastore Activity 6005). */
export interface OcsfEvent {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_code?: string;
  status_detail?: string;
  /** ms since the epoch */
  time: number;
  message: string;
  metadata: {
    version: string;
    uid: string;
    product: { name: string; vendor_name: string; version: string };
    logged_time: number;
    original_time: string;
    sequence: number;
    correlation_uid?: string;
    profiles?: string[];
  };
  actor?: { user: OcsfUser; session: { uid: string; issuer?: string } };
  src_endpoint?: { ip: string };
  user?: OcsfUser;
  auth_protocol_id?: number;
  auth_protocol?: string;
  service?: { name: string };
  session?: { uid: string; issuer?: string };
  api?: {
    operation: string;
    service?: { name: string };
    request?: { uid: string };
    response?: { code: number };
  };
  http_request?: {
    http_method?: string;
    uid?: string;
    user_agent?: string;
    url?: {
      url_string: string;
      path?: string;
      query_string?: string;
      hostname?: string;
      scheme?: string;
      port?: number;
    };
  };
  http_response?: { code: number };
  resources?: Array<{ name: string; type?: string }>;
  database?: { name: string; type: string; type_id: number };
  type_id?: number;
  type?: string;
  query_info?: { query_string: string };
  action_id?: number;
  action?: string;
  authorizations?: Array<{ decision: string; policy?: { name: string } }>;
  unmapped: Record<string, unknown>;
}

export type OcsfMapperOptions = ExportProductOptions;

/** A mapper with the product version fixed. */
export function ocsfMapper(
  options: OcsfMapperOptions = {},
): (stored: StoredFrame, session?: SessionSummary) => OcsfEvent {
  return (stored, session) => toOcsfEvent(stored, session, options);
}

/**
 * OCSF 1.x event of a stored frame:
 * - session.start / session.end → Authentication (3002): Logon (1) / Logoff (2);
 * - frames of database resources (postgres, mysql, mongodb, …) → Datastore Activity (6005),
 *   activity from the SQL/command verb;
 * - every other frame → API Activity (6003), activity from the HTTP method.
 * Decisions, input/output and gateway errors have no activity of their own: 99 (Other)
 * with activity_name saying what they are. metadata.uid is the frame id (`sid:seq`).
 */
export function toOcsfEvent(stored: StoredFrame, session?: SessionSummary, options: OcsfMapperOptions = {}): OcsfEvent {
  const ctx = exportContext(stored, session);
  const frame = stored.frame;
  const cls = classOf(frame, ctx.resource);
  const activity = activityOf(cls, frame);
  const outcome = statusOf(frame);
  const severityId = severityOf(frame);
  const user = userOf(ctx);

  const event: OcsfEvent = {
    class_uid: cls.uid,
    class_name: cls.name,
    category_uid: cls.category.uid,
    category_name: cls.category.name,
    activity_id: activity.id,
    activity_name: activity.name,
    type_uid: cls.uid * 100 + activity.id,
    type_name: `${cls.name}: ${activity.name}`,
    severity_id: severityId,
    severity: OCSF_SEVERITY_NAMES[severityId],
    status_id: outcome.id,
    status: OCSF_STATUS_NAMES[outcome.id],
    ...(outcome.code !== undefined ? { status_code: outcome.code } : {}),
    ...(outcome.detail !== undefined ? { status_detail: outcome.detail } : {}),
    time: ctx.timeMs,
    message: eventMessage(frame, ctx),
    metadata: compact({
      version: OCSF_VERSION,
      uid: ctx.eventId,
      product: {
        name: PRODUCT_NAME,
        vendor_name: options.vendor ?? DEFAULT_VENDOR,
        version: options.productVersion ?? DEFAULT_PRODUCT_VERSION,
      },
      logged_time: stored.ingestedAt,
      original_time: stored.ts,
      sequence: stored.seq,
      correlation_uid: ctx.correlationId,
      profiles: frame.type === 'decision' ? ['security_control'] : undefined,
    }),
    unmapped: { auditorium: unmappedOf(stored, ctx) },
  };
  const sessionObj = compact({ uid: stored.sid, issuer: ctx.identity?.iss });
  if (user) event.actor = { user, session: sessionObj };
  const ip = ctx.client?.ip;
  if (ip) event.src_endpoint = { ip };

  switch (cls.uid) {
    case OCSF_CLASS.AUTHENTICATION.uid:
      if (user) event.user = user;
      if (ctx.resource) event.service = { name: ctx.resource.name };
      event.session = sessionObj;
      if (ctx.identity?.iss) {
        event.auth_protocol_id = OCSF_AUTH_PROTOCOL_OPENID.id;
        event.auth_protocol = OCSF_AUTH_PROTOCOL_OPENID.name;
      }
      break;
    case OCSF_CLASS.API_ACTIVITY.uid:
      addApi(event, frame, ctx, activity.operation);
      addHttp(event, frame, ctx);
      break;
    case OCSF_CLASS.DATASTORE_ACTIVITY.uid:
      addApi(event, frame, ctx, activity.operation);
      addDatastore(event, frame, ctx.resource);
      break;
  }
  if (frame.type === 'decision') addDecision(event, frame.outcome, frame.policy);
  return event;
}

function classOf(frame: Frame, resource: Resource | undefined): OcsfClass {
  if (frame.type === 'session.start' || frame.type === 'session.end') return OCSF_CLASS.AUTHENTICATION;
  return resourceKind(resource) === 'database' ? OCSF_CLASS.DATASTORE_ACTIVITY : OCSF_CLASS.API_ACTIVITY;
}

interface Activity {
  id: number;
  name: string;
  /** api.operation: the method / verb, else the frame type */
  operation: string;
}

const OTHER_ACTIVITY_NAMES: Partial<Record<Frame['type'], string>> = {
  decision: 'Policy Decision',
  input: 'Input',
  output: 'Output',
  error: 'Error',
};

function activityOf(cls: OcsfClass, frame: Frame): Activity {
  if (cls.uid === OCSF_CLASS.AUTHENTICATION.uid) {
    const id = frame.type === 'session.start' ? 1 : 2;
    return { id, name: OCSF_ACTIVITIES[3002][id], operation: frame.type };
  }
  if (frame.type !== 'request' && frame.type !== 'response') {
    return { id: 99, name: OTHER_ACTIVITY_NAMES[frame.type] ?? 'Other', operation: frame.type };
  }
  const op = operationOf(frame.method, frame.meta?.sql);
  if (!op) return { id: 0, name: 'Unknown', operation: frame.type };
  const id = cls.uid === OCSF_CLASS.DATASTORE_ACTIVITY.uid ? datastoreActivity(op) : apiActivity(op);
  const captions: Record<number, string> = OCSF_ACTIVITIES[cls.uid as 6003 | 6005];
  // 99 Other: activity_name carries the source's own verb
  return { id, name: id === 99 ? op : captions[id], operation: op };
}

function apiActivity(method: string): number {
  switch (method.toUpperCase()) {
    case 'POST':
    case 'CREATE':
      return 1;
    case 'GET':
    case 'HEAD':
    case 'OPTIONS':
    case 'LIST':
    case 'WATCH':
    case 'QUERY':
      return 2;
    case 'PUT':
    case 'PATCH':
    case 'UPDATE':
      return 3;
    case 'DELETE':
    case 'DELETECOLLECTION':
      return 4;
    default:
      return 99;
  }
}

function datastoreActivity(verb: string): number {
  const v = verb.toUpperCase();
  if (['SELECT', 'FIND', 'AGGREGATE', 'COUNT', 'DISTINCT', 'WITH', 'SEARCH', 'SCAN'].includes(v)) return 4;
  if (['GET', 'MGET', 'HGET', 'READ', 'FETCH'].includes(v)) return 1;
  if (['INSERT', 'INSERTONE', 'INSERTMANY', 'COPY', 'SET', 'PUT', 'WRITE'].includes(v)) return 5;
  if (['UPDATE', 'UPDATEONE', 'UPDATEMANY', 'UPSERT', 'MERGE', 'REPLACE', 'REPLACEONE', 'ALTER'].includes(v)) return 2;
  if (['DELETE', 'DELETEONE', 'DELETEMANY', 'TRUNCATE', 'DROP', 'DEL', 'REMOVE'].includes(v)) return 7;
  if (['CREATE', 'CREATEINDEX', 'CREATECOLLECTION'].includes(v)) return 6;
  if (['SHOW', 'DESCRIBE', 'DESC', 'LIST', 'LISTCOLLECTIONS', 'LISTDATABASES', 'KEYS', 'EXPLAIN'].includes(v)) return 8;
  if (['CONNECT', 'STARTUP', 'HELLO', 'AUTH', 'USE'].includes(v)) return 3;
  return 99;
}

interface Status {
  id: number;
  code?: string;
  detail?: string;
}

function statusOf(frame: Frame): Status {
  switch (frame.type) {
    case 'session.start':
      return { id: OCSF_STATUS.SUCCESS };
    case 'session.end':
      return {
        id: frame.status === 'ok' ? OCSF_STATUS.SUCCESS : OCSF_STATUS.FAILURE,
        code: frame.status,
        ...(frame.reason !== undefined ? { detail: frame.reason } : {}),
      };
    case 'response':
      if (frame.status === undefined) return { id: OCSF_STATUS.UNKNOWN };
      return { id: frame.status < 400 ? OCSF_STATUS.SUCCESS : OCSF_STATUS.FAILURE, code: String(frame.status) };
    case 'decision': {
      const id = decisionAction(frame.outcome);
      const status =
        id === OCSF_ACTION.ALLOWED
          ? OCSF_STATUS.SUCCESS
          : id === OCSF_ACTION.DENIED
            ? OCSF_STATUS.FAILURE
            : OCSF_STATUS.UNKNOWN;
      return { id: status, code: frame.outcome, ...(frame.reason !== undefined ? { detail: frame.reason } : {}) };
    }
    case 'error':
      return { id: OCSF_STATUS.FAILURE, detail: frame.message };
    default:
      return { id: OCSF_STATUS.UNKNOWN };
  }
}

function severityOf(frame: Frame): number {
  switch (frame.type) {
    case 'decision':
      return frame.outcome === 'deny' || frame.outcome === 'review.rejected'
        ? OCSF_SEVERITY.MEDIUM
        : OCSF_SEVERITY.INFORMATIONAL;
    case 'error':
      return OCSF_SEVERITY.LOW;
    case 'session.end':
      return frame.status === 'ok' ? OCSF_SEVERITY.INFORMATIONAL : OCSF_SEVERITY.LOW;
    default:
      return OCSF_SEVERITY.INFORMATIONAL;
  }
}

function decisionAction(outcome: DecisionOutcome): number {
  if (outcome === 'allow' || outcome === 'review.approved') return OCSF_ACTION.ALLOWED;
  if (outcome === 'deny' || outcome === 'review.rejected') return OCSF_ACTION.DENIED;
  return OCSF_ACTION.UNKNOWN;
}

function userOf(ctx: ExportContext): OcsfUser | undefined {
  const id = ctx.identity;
  if (!id) return undefined;
  const type =
    id.type === 'human' ? { type_id: 1, type: 'User' } : id.type === 'machine' ? { type_id: 99, type: 'Machine' } : {};
  return compact({ uid: id.sub, name: id.name, ...type });
}

function addApi(event: OcsfEvent, frame: Frame, ctx: ExportContext, operation: string): void {
  const xid = 'xid' in frame ? frame.xid : undefined;
  const status = frame.type === 'response' ? frame.status : undefined;
  event.api = compact({
    operation,
    service: ctx.resource ? { name: ctx.resource.name } : undefined,
    request: xid !== undefined ? { uid: xid } : undefined,
    response: status !== undefined ? { code: status } : undefined,
  });
  if (ctx.resource) event.resources = [compact({ name: ctx.resource.name, type: ctx.resource.type })];
}

function addHttp(event: OcsfEvent, frame: Frame, ctx: ExportContext): void {
  if (frame.type !== 'request' && frame.type !== 'response') return;
  if (resourceKind(ctx.resource) !== 'http') return;
  const t = frame.target ? splitHttpTarget(frame.target) : undefined;
  const request = compact({
    http_method: frame.method,
    uid: frame.xid,
    user_agent: ctx.client?.userAgent,
    url: t
      ? compact({
          url_string: t.original,
          path: t.path,
          query_string: t.query,
          hostname: t.domain,
          scheme: t.scheme,
          port: t.port,
        })
      : undefined,
  });
  event.http_request = request;
  if (frame.type === 'response' && frame.status !== undefined) event.http_response = { code: frame.status };
}

const RELATIONAL = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mssql',
  'sqlserver',
  'oracle',
  'sqlite',
  'cockroachdb',
  'snowflake',
  'bigquery',
  'clickhouse',
]);
const NOSQL = new Set(['mongodb', 'redis', 'cassandra', 'dynamodb', 'elasticsearch', 'opensearch']);

function addDatastore(event: OcsfEvent, frame: Frame, resource: Resource | undefined): void {
  event.type_id = 1;
  event.type = 'Database';
  if (resource) {
    const kind = resource.type?.toLowerCase() ?? '';
    // database.type_id: 1 Relational, 6 NoSQL, 99 Other
    const typeId = RELATIONAL.has(kind) ? 1 : NOSQL.has(kind) ? 6 : 99;
    const target = frame.type === 'request' || frame.type === 'response' ? frame.target : undefined;
    event.database = { name: target || resource.name, type: resource.type ?? 'Other', type_id: typeId };
  }
  if (frame.type === 'request' || frame.type === 'response') {
    const sql = frame.meta?.sql;
    if (typeof sql === 'string' && sql.length > 0) event.query_info = { query_string: sql };
  }
}

function addDecision(event: OcsfEvent, outcome: DecisionOutcome, policy: string | undefined): void {
  const actionId = decisionAction(outcome);
  event.action_id = actionId;
  event.action = OCSF_ACTION_NAMES[actionId];
  event.authorizations = [compact({ decision: outcome, policy: policy ? { name: policy } : undefined })];
}

function unmappedOf(stored: StoredFrame, ctx: ExportContext): Record<string, unknown> {
  const frame = stored.frame;
  return compact({
    sid: stored.sid,
    seq: stored.seq,
    frame_type: frame.type,
    hash: stored.hash,
    bytes: stored.bytes,
    findings: nonEmpty(stored.findings) ? stored.findings : undefined,
    xid: 'xid' in frame ? frame.xid : undefined,
    resource_type: ctx.resource?.type,
    resource_env: ctx.resource?.env,
    identity_type: ctx.identity?.type,
    labels: ctx.labels && nonEmpty(ctx.labels) ? ctx.labels : undefined,
    gateway: ctx.gateway && nonEmpty(ctx.gateway) ? ctx.gateway : undefined,
    policy: frame.type === 'decision' ? frame.policy : undefined,
    reviewer: frame.type === 'decision' ? frame.reviewer : undefined,
    exit_code: frame.type === 'session.end' ? frame.exitCode : undefined,
    duration_ms:
      (frame.type === 'request' || frame.type === 'response') && typeof frame.meta?.durationMs === 'number'
        ? frame.meta.durationMs
        : undefined,
    row_count:
      (frame.type === 'request' || frame.type === 'response') && typeof frame.meta?.rowCount === 'number'
        ? frame.meta.rowCount
        : undefined,
    truncated: frame.truncated,
  });
}
