import { StoreError } from '../store.errors';

export type SearchEngineKind = 'elasticsearch' | 'opensearch';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

export interface EngineRequest {
  method: HttpMethod;
  path: string;
  querystring?: Record<string, string | number | boolean>;
  body?: unknown;
  /** NDJSON lines (bulk); mutually exclusive with body */
  bulkBody?: unknown[];
}

export interface EngineResponse<T> {
  statusCode: number;
  body: T;
}

/** Connection settings shared by both engines' clients. Secrets stay in here and never reach a log line. */
export interface SearchConnectionOptions {
  /** e.g. https://search.internal:9200 */
  node: string;
  auth?: { apiKey: string } | { username: string; password: string };
  /** PEM CA bundle that signed the engine's certificate */
  tls?: { ca?: string | Buffer };
  /** per-request timeout (default 30 s) */
  requestTimeoutMs?: number;
  /** client-level retries on connection errors and 502/503/504 (default 3) */
  maxRetries?: number;
}

/** An HTTP error answer of the engine: status, error type and reason (no request data, so no secrets). */
export class EngineResponseError extends StoreError {
  constructor(
    readonly statusCode: number,
    readonly type: string | undefined,
    readonly reason: string,
  ) {
    super(`search engine answered ${statusCode}${type ? ` ${type}` : ''}: ${reason}`);
  }
}

/** What a lifecycle policy put did: applied, or the engine lacks the API (ILM / ISM plugin not installed). */
export type LifecycleOutcome = 'applied' | 'unsupported';

/**
 * The few places where Elasticsearch and OpenSearch differ, behind one small
 * surface: everything else (mappings, queries, bulk) is plain REST shared by
 * both, sent through the official client's transport (connection pool, retries,
 * TLS, auth, Elasticsearch's product check and compatibility headers).
 */
export abstract class SearchEngineClient {
  abstract readonly engine: SearchEngineKind;

  /**
   * One REST call. Answers normally for 2xx and for statuses listed in `ignore`;
   * throws EngineResponseError for other HTTP errors and the client's own error
   * for connection failures and timeouts (both mean: the engine is unavailable).
   */
  abstract request<T>(req: EngineRequest, ignore?: number[]): Promise<EngineResponse<T>>;

  /** Opens a point in time over `index`; returns its id. */
  abstract openPointInTime(index: string, keepAlive: string): Promise<string>;

  /** Closes a point in time; unknown or expired ids are ignored. */
  abstract closePointInTime(id: string): Promise<void>;

  /**
   * Puts the frames lifecycle policy (ILM on Elasticsearch, ISM on OpenSearch),
   * or reports that the engine has no such API. `indexPattern` is the pattern of
   * the indices it governs (ISM attaches by pattern; ILM by index setting).
   */
  abstract putLifecyclePolicy(name: string, indexPattern: string): Promise<LifecycleOutcome>;

  /** Index settings that attach the policy to new indices (ILM), or none (ISM attaches by pattern). */
  abstract lifecycleIndexSettings(policyName: string): Record<string, string>;

  abstract close(): Promise<void>;
}

/** Whether an engine error means "this API is not installed here" (plugin or module missing). */
export function isMissingApi(err: unknown): boolean {
  if (!(err instanceof EngineResponseError)) return false;
  if (err.statusCode === 404 || err.statusCode === 405 || err.statusCode === 501) {
    // 404 index_not_found is not a missing API, but no lifecycle call targets an index
    return (
      err.type === undefined || /no handler|not found|unsupported|invalid_index_name/i.test(`${err.type} ${err.reason}`)
    );
  }
  return err.statusCode === 400 && /no handler found/i.test(err.reason);
}

/** Status, type and reason out of an engine error body, whatever its shape. */
export function describeErrorBody(body: unknown): { type?: string; reason: string } {
  if (typeof body === 'string') return { reason: body.slice(0, 500) };
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown }).error;
    if (typeof error === 'string') return { reason: error.slice(0, 500) };
    if (error && typeof error === 'object') {
      const e = error as { type?: unknown; reason?: unknown; root_cause?: unknown };
      const type = typeof e.type === 'string' ? e.type : undefined;
      const reason = typeof e.reason === 'string' ? e.reason : JSON.stringify(error).slice(0, 500);
      return { type, reason };
    }
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return { reason: message.slice(0, 500) };
  }
  return { reason: 'no error detail' };
}
