/*
 * Allowed values of the ECS categorization fields (Elastic Common Schema
 * 8.x/9.x reference, "ECS categorization fields"). Only these values may be
 * written to event.kind, event.category, event.type and event.outcome; the
 * spec tests check every value the ECS mapper produces against these lists.
 */

export const ECS_VERSION = '8.17.0';

export const ECS_EVENT_KINDS = [
  'alert',
  'asset',
  'enrichment',
  'event',
  'metric',
  'state',
  'pipeline_error',
  'signal',
] as const;
export type EcsEventKind = (typeof ECS_EVENT_KINDS)[number];

export const ECS_EVENT_CATEGORIES = [
  'api',
  'authentication',
  'configuration',
  'database',
  'driver',
  'file',
  'host',
  'iam',
  'intrusion_detection',
  'library',
  'malware',
  'network',
  'package',
  'process',
  'registry',
  'session',
  'threat',
  'vulnerability',
  'web',
] as const;
export type EcsEventCategory = (typeof ECS_EVENT_CATEGORIES)[number];

export const ECS_EVENT_TYPES = [
  'access',
  'admin',
  'allowed',
  'change',
  'connection',
  'creation',
  'deletion',
  'denied',
  'device',
  'end',
  'error',
  'group',
  'indicator',
  'info',
  'installation',
  'protocol',
  'start',
  'user',
] as const;
export type EcsEventType = (typeof ECS_EVENT_TYPES)[number];

export const ECS_EVENT_OUTCOMES = ['failure', 'success', 'unknown'] as const;
export type EcsEventOutcome = (typeof ECS_EVENT_OUTCOMES)[number];

/**
 * The event types ECS expects with each category we emit ("Expected event
 * types for category …"). The mapper only pairs a category with these.
 */
export const ECS_EXPECTED_TYPES: Partial<Record<EcsEventCategory, readonly EcsEventType[]>> = {
  api: ['access', 'admin', 'allowed', 'change', 'creation', 'deletion', 'denied', 'end', 'info', 'start', 'user'],
  authentication: ['start', 'end', 'info'],
  database: ['access', 'change', 'info', 'error'],
  iam: ['admin', 'change', 'creation', 'deletion', 'group', 'info', 'user'],
  network: ['access', 'allowed', 'connection', 'denied', 'end', 'info', 'protocol', 'start'],
  session: ['start', 'end', 'info'],
  web: ['access', 'error', 'info'],
};
