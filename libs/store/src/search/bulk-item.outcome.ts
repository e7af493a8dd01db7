/** One item of a bulk answer, as both engines send it. */
export interface BulkItemResult {
  _index?: string;
  _id?: string;
  status?: number;
  _seq_no?: number;
  _primary_term?: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } } | string;
}

export interface BulkResponse {
  errors?: boolean;
  items?: Array<Record<string, BulkItemResult>>;
}

export type BulkItemOutcome =
  | { kind: 'written' }
  | { kind: 'exists' }
  | { kind: 'conflict' }
  | { kind: 'failed'; reason: string; retryable: boolean };

/**
 * Errors that say nothing about the document itself: the engine or the index is
 * (temporarily) unable to take writes. Retrying the same frame later can succeed,
 * so the ingester retries rather than dead-letters it.
 */
const RETRYABLE_TYPES = new Set([
  'es_rejected_execution_exception',
  'opensearch_rejected_execution_exception',
  'rejected_execution_exception',
  'circuit_breaking_exception',
  'unavailable_shards_exception',
  'no_shard_available_action_exception',
  'cluster_block_exception',
  'index_closed_exception',
  'process_cluster_event_timeout_exception',
  'timeout_exception',
  'receive_timeout_transport_exception',
  'node_not_connected_exception',
  'node_disconnected_exception',
  'primary_missing_action_exception',
  'shard_not_found_exception',
]);

/**
 * What one bulk item means. Never trusts the top-level `errors: false`: every
 * item is read. For `create`, 409 is "already there" (a re-delivered frame); for
 * `index` with if_seq_no it is a lost optimistic-concurrency race ("conflict").
 */
export function bulkItemOutcome(op: 'create' | 'index', item: BulkItemResult | undefined): BulkItemOutcome {
  if (!item || typeof item.status !== 'number') {
    return { kind: 'failed', reason: 'the engine returned no result for this item', retryable: true };
  }
  const { status } = item;
  if (status >= 200 && status < 300 && !item.error) return { kind: 'written' };
  const type = typeof item.error === 'object' ? item.error.type : undefined;
  if (status === 409 && (type === undefined || type === 'version_conflict_engine_exception')) {
    return op === 'create' ? { kind: 'exists' } : { kind: 'conflict' };
  }
  const reason = describeItemError(item);
  const retryable = status === 429 || status >= 500 || (type !== undefined && RETRYABLE_TYPES.has(type));
  return { kind: 'failed', reason, retryable };
}

function describeItemError(item: BulkItemResult): string {
  const e = item.error;
  if (typeof e === 'string') return `${item.status}: ${e}`.slice(0, 1000);
  if (!e) return `status ${item.status}`;
  const cause = e.caused_by?.reason ? ` (${e.caused_by.type ?? 'cause'}: ${e.caused_by.reason})` : '';
  return `${item.status} ${e.type ?? 'error'}: ${e.reason ?? ''}${cause}`.slice(0, 1000);
}

/** The result of the i-th item, whatever its operation key. */
export function bulkItemAt(response: BulkResponse, i: number): BulkItemResult | undefined {
  const entry = response.items?.[i];
  if (!entry) return undefined;
  const values = Object.values(entry);
  return values[0];
}
