/*
 * OCSF 1.x ids used by the OCSF mapper (schema.ocsf.io, classes
 * api_activity, datastore_activity, authentication).
 * type_uid = class_uid * 100 + activity_id.
 */

export const OCSF_VERSION = '1.3.0';

export const OCSF_CATEGORY = {
  IDENTITY_AND_ACCESS_MANAGEMENT: { uid: 3, name: 'Identity & Access Management' },
  APPLICATION_ACTIVITY: { uid: 6, name: 'Application Activity' },
} as const;

export const OCSF_CLASS = {
  AUTHENTICATION: { uid: 3002, name: 'Authentication', category: OCSF_CATEGORY.IDENTITY_AND_ACCESS_MANAGEMENT },
  API_ACTIVITY: { uid: 6003, name: 'API Activity', category: OCSF_CATEGORY.APPLICATION_ACTIVITY },
  DATASTORE_ACTIVITY: { uid: 6005, name: 'Datastore Activity', category: OCSF_CATEGORY.APPLICATION_ACTIVITY },
} as const;
export type OcsfClass = (typeof OCSF_CLASS)[keyof typeof OCSF_CLASS];

/** activity_id values per class: id → caption (activity_name). */
export const OCSF_ACTIVITIES = {
  3002: {
    0: 'Unknown',
    1: 'Logon',
    2: 'Logoff',
    3: 'Authentication Ticket',
    4: 'Service Ticket Request',
    5: 'Service Ticket Renew',
    6: 'Preauth',
    99: 'Other',
  },
  6003: { 0: 'Unknown', 1: 'Create', 2: 'Read', 3: 'Update', 4: 'Delete', 99: 'Other' },
  6005: {
    0: 'Unknown',
    1: 'Read',
    2: 'Update',
    3: 'Connect',
    4: 'Query',
    5: 'Write',
    6: 'Create',
    7: 'Delete',
    8: 'List',
    9: 'Encrypt',
    10: 'Decrypt',
    99: 'Other',
  },
} as const satisfies Record<number, Record<number, string>>;

export const OCSF_SEVERITY = {
  UNKNOWN: 0,
  INFORMATIONAL: 1,
  LOW: 2,
  MEDIUM: 3,
  HIGH: 4,
  CRITICAL: 5,
  FATAL: 6,
  OTHER: 99,
} as const;
export const OCSF_SEVERITY_NAMES: Record<number, string> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
  6: 'Fatal',
  99: 'Other',
};

export const OCSF_STATUS = { UNKNOWN: 0, SUCCESS: 1, FAILURE: 2, OTHER: 99 } as const;
export const OCSF_STATUS_NAMES: Record<number, string> = { 0: 'Unknown', 1: 'Success', 2: 'Failure', 99: 'Other' };

/** action_id (security_control profile): what a policy did. */
export const OCSF_ACTION = { UNKNOWN: 0, ALLOWED: 1, DENIED: 2, OTHER: 99 } as const;
export const OCSF_ACTION_NAMES: Record<number, string> = { 0: 'Unknown', 1: 'Allowed', 2: 'Denied', 99: 'Other' };

/** Authentication auth_protocol_id for OpenID Connect tokens. */
export const OCSF_AUTH_PROTOCOL_OPENID = { id: 4, name: 'OpenID' } as const;
