import { isIP } from 'node:net';

import type { DecisionOutcome, Frame } from '@auditorium/frames';
import type { SessionSummary, StoredFrame } from '@auditorium/store';

import { eventMessage } from '../event-message';
import { compact, exportContext, nonEmpty, resourceKind, splitHttpTarget } from '../export-context';
import type { ResourceKind } from '../export-context';
import { ECS_EXPECTED_TYPES, ECS_VERSION } from './ecs.values';
import type { EcsEventCategory, EcsEventKind, EcsEventOutcome, EcsEventType } from './ecs.values';

export const ECS_DATASET = 'auditorium.frames';

/** An ECS document (nested objects, as Elasticsearch stores it). Only the fields we write are typed. */
export interface EcsEvent {
  '@timestamp': string;
  message: string;
  ecs: { version: string };
  event: {
    kind: EcsEventKind;
    category: EcsEventCategory[];
    type: EcsEventType[];
    outcome?: EcsEventOutcome;
    action: string;
    id: string;
    dataset: string;
    module: string;
    sequence: number;
    created: string;
    hash: string;
    reason?: string;
    duration?: number;
  };
  user?: { id: string; name?: string; domain?: string };
  source?: { ip?: string; address?: string };
  user_agent?: { original: string };
  url?: { original: string; path?: string; query?: string; domain?: string; scheme?: string; port?: number };
  http?: { request?: { method?: string; id?: string }; response?: { status_code: number } };
  service?: { name: string; type?: string; environment?: string };
  observer?: { name?: string; version?: string; type: string; product: string };
  error?: { message: string };
  labels?: Record<string, string>;
  related?: { user?: string[]; ip?: string[] };
  /** Auditorium's own fields (custom namespace, as ECS recommends) */
  auditorium: {
    sid: string;
    seq: number;
    frame_type: Frame['type'];
    xid?: string;
    target?: string;
    sql?: string;
    decision?: DecisionOutcome;
    policy?: string;
    reviewer?: string;
    session_status?: string;
    exit_code?: number;
    identity_type?: string;
    identity_issuer?: string;
    correlation_id?: string;
    truncated?: boolean;
    findings?: Record<string, number>;
    bytes: number;
  };
}

interface Categorization {
  category: EcsEventCategory[];
  type: EcsEventType[];
  outcome?: EcsEventOutcome;
  action: string;
}

/** Elastic Common Schema event of a stored frame; event.id is the frame id (`sid:seq`). */
export function toEcsEvent(stored: StoredFrame, session?: SessionSummary): EcsEvent {
  const ctx = exportContext(stored, session);
  const frame = stored.frame;
  const kind = resourceKind(ctx.resource);
  const cat = categorize(frame, kind);
  const ip = ctx.client?.ip;
  const validIp = ip !== undefined && isIP(ip) !== 0 ? ip : undefined;

  const event: EcsEvent = {
    '@timestamp': stored.ts,
    message: eventMessage(frame, ctx),
    ecs: { version: ECS_VERSION },
    event: compact({
      kind: 'event' as const,
      category: cat.category,
      type: cat.type,
      outcome: cat.outcome,
      action: cat.action,
      id: ctx.eventId,
      dataset: ECS_DATASET,
      module: 'auditorium',
      sequence: stored.seq,
      created: new Date(stored.ingestedAt).toISOString(),
      hash: stored.hash,
      reason: reasonOf(frame),
      duration: durationNanos(frame),
    }),
    auditorium: compact({
      sid: stored.sid,
      seq: stored.seq,
      frame_type: frame.type,
      xid: 'xid' in frame ? frame.xid : undefined,
      target: frame.type === 'request' || frame.type === 'response' ? frame.target : undefined,
      sql: frame.type === 'request' || frame.type === 'response' ? stringOrUndefined(frame.meta?.sql) : undefined,
      decision: frame.type === 'decision' ? frame.outcome : undefined,
      policy: frame.type === 'decision' ? frame.policy : undefined,
      reviewer: frame.type === 'decision' ? frame.reviewer : undefined,
      session_status: frame.type === 'session.end' ? frame.status : undefined,
      exit_code: frame.type === 'session.end' ? frame.exitCode : undefined,
      identity_type: ctx.identity?.type,
      identity_issuer: ctx.identity?.iss,
      correlation_id: ctx.correlationId,
      truncated: frame.truncated,
      findings: nonEmpty(stored.findings) ? stored.findings : undefined,
      bytes: stored.bytes,
    }),
  };

  if (ctx.identity) {
    event.user = compact({ id: ctx.identity.sub, name: ctx.identity.name ?? ctx.identity.sub });
    event.related = { user: unique([ctx.identity.sub, ctx.identity.name]) };
  }
  if (ip) {
    event.source = compact({ ip: validIp, address: ip });
    if (validIp) event.related = { ...event.related, ip: [validIp] };
  }
  if (ctx.client?.userAgent) event.user_agent = { original: ctx.client.userAgent };
  if (ctx.resource) {
    event.service = compact({ name: ctx.resource.name, type: ctx.resource.type, environment: ctx.resource.env });
  }
  if (ctx.gateway && (ctx.gateway.id || ctx.gateway.version)) {
    event.observer = compact({ name: ctx.gateway.id, version: ctx.gateway.version, type: 'proxy', product: 'gateway' });
  }
  if (ctx.labels && nonEmpty(ctx.labels)) event.labels = ecsLabels(ctx.labels);

  if (frame.type === 'request' || frame.type === 'response') {
    const method = frame.method;
    const status = frame.type === 'response' ? frame.status : undefined;
    if (kind === 'http' && frame.target) {
      const t = splitHttpTarget(frame.target);
      event.url = compact({
        original: t.original,
        path: t.path,
        query: t.query,
        domain: t.domain,
        scheme: t.scheme,
        port: t.port,
      });
    }
    const request = compact({ method, id: frame.xid });
    event.http = compact({
      request: nonEmpty(request) ? request : undefined,
      response: status !== undefined ? { status_code: status } : undefined,
    });
  }
  if (frame.type === 'error') event.error = { message: frame.message };
  return event;
}

/** The ECS category of a resource's traffic. */
export function ecsResourceCategory(kind: ResourceKind): EcsEventCategory {
  return kind === 'http' ? 'web' : kind === 'database' ? 'database' : 'network';
}

function categorize(frame: Frame, kind: ResourceKind): Categorization {
  const resourceCategory = ecsResourceCategory(kind);
  switch (frame.type) {
    case 'session.start':
      return { category: ['authentication', 'session'], type: ['start'], outcome: 'success', action: 'session-start' };
    case 'session.end':
      return {
        category: ['session'],
        type: ['end'],
        outcome: frame.status === 'ok' ? 'success' : 'failure',
        action: 'session-end',
      };
    case 'request':
      return { category: [resourceCategory], type: ['access'], outcome: 'unknown', action: 'request' };
    case 'response': {
      const status = frame.status;
      const outcome: EcsEventOutcome = status === undefined ? 'unknown' : status < 400 ? 'success' : 'failure';
      const type: EcsEventType[] =
        status !== undefined && status >= 500 && expects(resourceCategory, 'error') ? ['access', 'error'] : ['access'];
      return { category: [resourceCategory], type, outcome, action: 'response' };
    }
    case 'decision':
      return { category: ['api'], ...decisionCategorization(frame.outcome) };
    case 'input':
    case 'output':
      return { category: ['session'], type: ['info'], action: frame.type };
    case 'error':
      return {
        category: [resourceCategory],
        type: [expects(resourceCategory, 'error') ? 'error' : 'info'],
        outcome: 'failure',
        action: 'gateway-error',
      };
  }
}

function decisionCategorization(outcome: DecisionOutcome): Omit<Categorization, 'category'> {
  switch (outcome) {
    case 'allow':
      return { type: ['allowed'], outcome: 'success', action: 'access-allowed' };
    case 'review.approved':
      return { type: ['allowed'], outcome: 'success', action: 'access-approved' };
    case 'deny':
      return { type: ['denied'], outcome: 'failure', action: 'access-denied' };
    case 'review.rejected':
      return { type: ['denied'], outcome: 'failure', action: 'access-rejected' };
    case 'review.pending':
      return { type: ['info'], outcome: 'unknown', action: 'access-review-pending' };
  }
}

function expects(category: EcsEventCategory, type: EcsEventType): boolean {
  return ECS_EXPECTED_TYPES[category]?.includes(type) ?? false;
}

function reasonOf(frame: Frame): string | undefined {
  if (frame.type === 'decision' || frame.type === 'session.end') return frame.reason;
  return undefined;
}

function durationNanos(frame: Frame): number | undefined {
  if (frame.type !== 'response' && frame.type !== 'request') return undefined;
  const ms = frame.meta?.durationMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.round(ms * 1e6) : undefined;
}

/** ECS labels are flat keyword pairs; a dot in a key would become an object path in Elasticsearch. */
function ecsLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) out[key.replace(/\./g, '_')] = String(value);
  return out;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}
