/**
 * Every environment variable Auditorium reads, in one table: parsed and
 * validated by loadConfig(), and printed into the README by
 * `npm run gen:docs` so the documentation cannot drift from the code.
 */
export type VarKind = 'string' | 'int' | 'bool' | 'enum' | 'list' | 'url' | 'secret';

export interface VarSpec {
  name: string;
  kind: VarKind;
  default?: string;
  values?: readonly string[];
  min?: number;
  max?: number;
  description: string;
}

export const STORE_KINDS = ['sqlite', 'elasticsearch', 'opensearch'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const CONFIG_VARS: readonly VarSpec[] = [
  { name: 'AUDITORIUM_HOST', kind: 'string', default: '127.0.0.1', description: 'Address the HTTP server binds to.' },
  {
    name: 'AUDITORIUM_PORT',
    kind: 'int',
    default: '8080',
    min: 0,
    max: 65535,
    description: 'HTTP port (0 = any free port).',
  },
  {
    name: 'AUDITORIUM_DATA_DIR',
    kind: 'string',
    default: './data',
    description: 'Embedded data: SQLite database and local keys.',
  },
  { name: 'AUDITORIUM_STORE', kind: 'enum', values: STORE_KINDS, default: 'sqlite', description: 'Recording store.' },
  {
    name: 'AUDITORIUM_PUBLIC_URL',
    kind: 'url',
    description: 'URL users reach the server at (for the printed login link). Defaults to http://HOST:PORT.',
  },
  {
    name: 'AUDITORIUM_INGEST_MAX_BODY_BYTES',
    kind: 'int',
    default: String(64 * 1024 * 1024),
    min: 1024,
    description: 'Largest HTTP ingest body; larger bodies get 413.',
  },
  {
    name: 'AUDITORIUM_FRAME_MAX_BYTES',
    kind: 'int',
    default: String(1024 * 1024),
    min: 1024,
    description: 'Largest single frame; larger frames are rejected (dead-lettered on Kafka).',
  },
  {
    name: 'AUTH_MODE',
    kind: 'enum',
    values: ['local', 'jwks', 'key-file'],
    default: 'local',
    description:
      '`local`: embedded Ed25519 key under the data dir (prints an admin token at start). `jwks`: verify against AUTH_JWKS_URL. `key-file`: verify against AUTH_PUBLIC_KEY_FILE.',
  },
  { name: 'AUTH_JWKS_URL', kind: 'url', description: 'JWKS endpoint of your identity provider (AUTH_MODE=jwks).' },
  { name: 'AUTH_PUBLIC_KEY_FILE', kind: 'string', description: 'PEM (SPKI) public key file (AUTH_MODE=key-file).' },
  { name: 'AUTH_ISSUER', kind: 'string', default: 'auditorium-local', description: 'Required `iss` of tokens.' },
  { name: 'AUTH_AUDIENCE', kind: 'string', default: 'auditorium', description: 'Required `aud` of tokens.' },
  {
    name: 'AUTH_ALGORITHMS',
    kind: 'list',
    default: 'EdDSA,ES256,RS256',
    description: 'Accepted JWS algorithms (never `none`, never HS*).',
  },
  {
    name: 'AUTH_ROLES_CLAIM',
    kind: 'string',
    default: 'roles',
    description: 'Claim holding roles (array or space-separated string).',
  },
  {
    name: 'AUTH_ROLE_MAP',
    kind: 'string',
    default: '',
    description: 'Optional mapping from claim values to roles, e.g. `audit-team=auditor,secops=siem`.',
  },
  {
    name: 'AUTH_CLOCK_SKEW_S',
    kind: 'int',
    default: '30',
    min: 0,
    max: 600,
    description: 'Tolerated clock skew for exp/nbf.',
  },
  {
    name: 'MASKING_MODE',
    kind: 'enum',
    values: ['strict', 'best-effort'],
    default: 'strict',
    description: '`strict` rejects a frame whose masking fails; `best-effort` stores what could be masked.',
  },
  {
    name: 'MASKING_SECRET',
    kind: 'secret',
    description: 'HMAC secret for keyed pseudonyms. Embedded mode creates one under the data dir.',
  },
  {
    name: 'MASKING_RULES_FILE',
    kind: 'string',
    description: 'JSON file with custom masking rules, styles, allow and deny lists.',
  },
  {
    name: 'KAFKA_BROKERS',
    kind: 'list',
    description: 'Comma-separated brokers; when set, frames are also consumed from Kafka.',
  },
  { name: 'KAFKA_TOPIC', kind: 'string', default: 'auditorium.frames.v1', description: 'Frame topic.' },
  { name: 'KAFKA_DLQ_TOPIC', kind: 'string', default: 'auditorium.frames.v1.dlq', description: 'Dead-letter topic.' },
  {
    name: 'KAFKA_GROUP_ID',
    kind: 'string',
    default: 'auditorium-ingester',
    description: 'Consumer group shared by all ingester replicas.',
  },
  { name: 'KAFKA_CLIENT_ID', kind: 'string', default: 'auditorium', description: 'Kafka client id.' },
  { name: 'KAFKA_SSL', kind: 'bool', default: 'false', description: 'TLS to the brokers.' },
  { name: 'KAFKA_SSL_CA_FILE', kind: 'string', description: 'CA bundle for broker TLS.' },
  {
    name: 'KAFKA_SASL_MECHANISM',
    kind: 'enum',
    values: ['none', 'plain', 'scram-sha-256', 'scram-sha-512'],
    default: 'none',
    description: 'SASL mechanism.',
  },
  { name: 'KAFKA_SASL_USERNAME', kind: 'string', description: 'SASL user.' },
  { name: 'KAFKA_SASL_PASSWORD', kind: 'secret', description: 'SASL password (never logged).' },
  {
    name: 'SEARCH_URL',
    kind: 'url',
    description: 'Elasticsearch / OpenSearch URL (AUDITORIUM_STORE=elasticsearch|opensearch).',
  },
  { name: 'SEARCH_API_KEY', kind: 'secret', description: 'Elasticsearch API key.' },
  { name: 'SEARCH_USERNAME', kind: 'string', description: 'Basic auth user for the engine.' },
  { name: 'SEARCH_PASSWORD', kind: 'secret', description: 'Basic auth password for the engine (never logged).' },
  { name: 'SEARCH_CA_FILE', kind: 'string', description: 'CA bundle for engine TLS.' },
  {
    name: 'SEARCH_INDEX_PREFIX',
    kind: 'string',
    default: 'auditorium',
    description: 'Prefix of every index, template and policy.',
  },
  {
    name: 'EXPORT_SETTLE_MS',
    kind: 'int',
    default: '5000',
    min: 0,
    max: 3_600_000,
    description:
      'Search engines only: the export (ingest order) serves frames stored at least this long ago, so a cursor never passes a position a slower write or a replica with a lagging clock can still fill. Must exceed the refresh interval (1 s) plus the clock skew between ingester and API hosts.',
  },
  {
    name: 'RETENTION_DAYS',
    kind: 'int',
    default: '365',
    min: 1,
    description: 'Default retention of frames (sessions on legal hold are kept).',
  },
  {
    name: 'RETENTION_INTERVAL_MINUTES',
    kind: 'int',
    default: '60',
    min: 1,
    description:
      'Minutes between runs of the background retention job (api and standalone; the first run is 5 minutes after start).',
  },
  {
    name: 'RATE_LIMIT_PER_SECOND',
    kind: 'int',
    default: '50',
    min: 0,
    max: 100_000,
    description:
      'Requests per second each caller (token subject) may sustain on the API; beyond its burst it gets 429 with Retry-After, so one runaway poller cannot starve the others. 0 turns the limit off.',
  },
  {
    name: 'RATE_LIMIT_BURST',
    kind: 'int',
    default: '100',
    min: 1,
    max: 1_000_000,
    description: 'Requests a caller may send at once after being idle (the size of its token bucket).',
  },
  {
    name: 'LOG_LEVEL',
    kind: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'Log level (JSON logs on stdout).',
  },
];
