import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './config.errors';
import { CONFIG_VARS, StoreKind, VarSpec } from './config.spec-table';

export type AuthMode = 'local' | 'jwks' | 'key-file';
export type SaslMechanism = 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** The one typed configuration, validated at boot. */
export interface AppConfig {
  host: string;
  port: number;
  dataDir: string;
  store: StoreKind;
  publicUrl?: string;
  ingestMaxBodyBytes: number;
  frameMaxBytes: number;
  auth: {
    mode: AuthMode;
    jwksUrl?: string;
    publicKeyFile?: string;
    issuer: string;
    audience: string;
    algorithms: string[];
    rolesClaim: string;
    roleMap: Record<string, string>;
    clockSkewS: number;
  };
  masking: { mode: 'strict' | 'best-effort'; secret?: string; rulesFile?: string };
  kafka?: {
    brokers: string[];
    topic: string;
    dlqTopic: string;
    groupId: string;
    clientId: string;
    ssl: boolean;
    sslCaFile?: string;
    sasl: { mechanism: SaslMechanism; username?: string; password?: string };
  };
  search?: {
    url: string;
    apiKey?: string;
    username?: string;
    password?: string;
    caFile?: string;
    indexPrefix: string;
    /** EXPORT_SETTLE_MS: ingest-order reads skip frames stored less than this long ago */
    exportSettleMs?: number;
  };
  seal: { keyFile?: string; jwksFile?: string };
  retentionDays: number;
  /** minutes between background retention runs */
  retentionIntervalMinutes: number;
  /** per-caller token bucket of the API (RATE_LIMIT_PER_SECOND 0: off) */
  rateLimit: { perSecond: number; burst: number };
  logLevel: string;
}

type Raw = Record<string, string | undefined>;
type Parsed = Record<string, string | number | boolean | string[] | undefined>;

function parseVar(spec: VarSpec, raw: string | undefined, problems: string[]): Parsed[string] {
  const value = raw === undefined || raw === '' ? spec.default : raw;
  if (value === undefined) return undefined;
  const bad = (why: string): undefined => {
    problems.push(`${spec.name}=${spec.kind === 'secret' ? '<redacted>' : JSON.stringify(value)}: ${why}`);
    return undefined;
  };
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(value.trim())) return bad('must be an integer');
      const n = Number(value);
      if (spec.min !== undefined && n < spec.min) return bad(`must be ≥ ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) return bad(`must be ≤ ${spec.max}`);
      return n;
    }
    case 'bool': {
      const v = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return bad('must be true or false');
    }
    case 'enum':
      if (!spec.values?.includes(value)) return bad(`must be one of ${spec.values?.join(', ')}`);
      return value;
    case 'list':
      return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'url':
      try {
        const u = new URL(value);
        if (!['http:', 'https:'].includes(u.protocol)) return bad('must be an http(s) URL');
        return value.replace(/\/+$/, '');
      } catch {
        return bad('must be a URL');
      }
    default:
      return value;
  }
}

function parseRoleMap(value: string, problems: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of value.split(',').filter((p) => p.trim())) {
    const [from, to] = pair.split('=').map((s) => s.trim());
    if (!from || !to) problems.push(`AUTH_ROLE_MAP: "${pair}" is not claim=role`);
    else map[from] = to;
  }
  return map;
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Raw = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const v: Parsed = {};
  for (const spec of CONFIG_VARS) v[spec.name] = parseVar(spec, env[spec.name], problems);

  const str = (k: string) => v[k] as string | undefined;
  const num = (k: string) => v[k] as number;
  const list = (k: string) => v[k] as string[] | undefined;

  const store = str('AUDITORIUM_STORE') as StoreKind;
  const authMode = str('AUTH_MODE') as AuthMode;
  if (authMode === 'jwks' && !str('AUTH_JWKS_URL')) problems.push('AUTH_JWKS_URL is required when AUTH_MODE=jwks');
  if (authMode === 'key-file' && !str('AUTH_PUBLIC_KEY_FILE'))
    problems.push('AUTH_PUBLIC_KEY_FILE is required when AUTH_MODE=key-file');
  const algorithms = list('AUTH_ALGORITHMS') ?? [];
  for (const alg of algorithms) {
    if (alg.toLowerCase() === 'none' || /^HS/i.test(alg))
      problems.push(`AUTH_ALGORITHMS: ${alg} is not allowed (only asymmetric algorithms)`);
  }
  if (store !== 'sqlite' && !str('SEARCH_URL')) problems.push(`SEARCH_URL is required when AUDITORIUM_STORE=${store}`);
  const sasl = str('KAFKA_SASL_MECHANISM') as SaslMechanism;
  if (sasl !== 'none' && (!str('KAFKA_SASL_USERNAME') || !str('KAFKA_SASL_PASSWORD')))
    problems.push(`KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required when KAFKA_SASL_MECHANISM=${sasl}`);
  const roleMap = parseRoleMap(str('AUTH_ROLE_MAP') ?? '', problems);

  if (problems.length) throw new ConfigError(problems);

  const dataDir = str('AUDITORIUM_DATA_DIR') as string;
  const brokers = list('KAFKA_BROKERS');
  return {
    host: str('AUDITORIUM_HOST') as string,
    port: num('AUDITORIUM_PORT'),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    store,
    publicUrl: str('AUDITORIUM_PUBLIC_URL'),
    ingestMaxBodyBytes: num('AUDITORIUM_INGEST_MAX_BODY_BYTES'),
    frameMaxBytes: num('AUDITORIUM_FRAME_MAX_BYTES'),
    auth: {
      mode: authMode,
      jwksUrl: str('AUTH_JWKS_URL'),
      publicKeyFile: str('AUTH_PUBLIC_KEY_FILE'),
      issuer: str('AUTH_ISSUER') as string,
      audience: str('AUTH_AUDIENCE') as string,
      algorithms,
      rolesClaim: str('AUTH_ROLES_CLAIM') as string,
      roleMap,
      clockSkewS: num('AUTH_CLOCK_SKEW_S'),
    },
    masking: {
      mode: str('MASKING_MODE') as 'strict' | 'best-effort',
      secret: str('MASKING_SECRET'),
      rulesFile: str('MASKING_RULES_FILE'),
    },
    kafka:
      brokers && brokers.length
        ? {
            brokers,
            topic: str('KAFKA_TOPIC') as string,
            dlqTopic: str('KAFKA_DLQ_TOPIC') as string,
            groupId: str('KAFKA_GROUP_ID') as string,
            clientId: str('KAFKA_CLIENT_ID') as string,
            ssl: v['KAFKA_SSL'] as boolean,
            sslCaFile: str('KAFKA_SSL_CA_FILE'),
            sasl: { mechanism: sasl, username: str('KAFKA_SASL_USERNAME'), password: str('KAFKA_SASL_PASSWORD') },
          }
        : undefined,
    search: str('SEARCH_URL')
      ? {
          url: str('SEARCH_URL') as string,
          apiKey: str('SEARCH_API_KEY'),
          username: str('SEARCH_USERNAME'),
          password: str('SEARCH_PASSWORD'),
          caFile: str('SEARCH_CA_FILE'),
          indexPrefix: str('SEARCH_INDEX_PREFIX') as string,
          exportSettleMs: num('EXPORT_SETTLE_MS'),
        }
      : undefined,
    seal: { keyFile: str('SEAL_KEY_FILE'), jwksFile: str('SEAL_JWKS_FILE') },
    retentionDays: num('RETENTION_DAYS'),
    retentionIntervalMinutes: num('RETENTION_INTERVAL_MINUTES'),
    rateLimit: { perSecond: num('RATE_LIMIT_PER_SECOND'), burst: num('RATE_LIMIT_BURST') },
    logLevel: str('LOG_LEVEL') as string,
  };
}

/** Markdown table of every variable, for the README. */
export function configTableMarkdown(): string {
  const rows = CONFIG_VARS.map(
    (s) =>
      `| \`${s.name}\` | ${s.default !== undefined && s.default !== '' ? `\`${s.default}\`` : '—'} | ${s.values ? s.values.map((x) => `\`${x}\``).join(', ') + '. ' : ''}${s.description} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/**
 * For a process's main(): the validated config, or the problems on stderr and
 * exit code 78 (EX_CONFIG). `require` adds checks a particular app needs.
 */
export function loadConfigOrExit(require?: (config: AppConfig) => string[]): AppConfig {
  try {
    const config = loadConfig();
    const problems = require?.(config) ?? [];
    if (problems.length) throw new ConfigError(problems);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
