import { bulkItemAt, bulkItemOutcome } from './bulk-item.outcome';

describe('bulkItemOutcome', () => {
  it('reads created, already there, and lost races', () => {
    expect(bulkItemOutcome('create', { status: 201 })).toEqual({ kind: 'written' });
    const conflict = { status: 409, error: { type: 'version_conflict_engine_exception', reason: 'exists' } };
    expect(bulkItemOutcome('create', conflict)).toEqual({ kind: 'exists' });
    expect(bulkItemOutcome('index', conflict)).toEqual({ kind: 'conflict' });
  });

  it('fails mapping errors for good and overload or closed indices for retry', () => {
    expect(
      bulkItemOutcome('create', {
        status: 400,
        error: {
          type: 'document_parsing_exception',
          reason: 'failed to parse field [ts]',
          caused_by: { type: 'x', reason: 'bad date' },
        },
      }),
    ).toEqual({ kind: 'failed', retryable: false, reason: expect.stringContaining('bad date') });
    expect(
      bulkItemOutcome('create', { status: 429, error: { type: 'es_rejected_execution_exception' } }),
    ).toMatchObject({
      kind: 'failed',
      retryable: true,
    });
    expect(bulkItemOutcome('create', { status: 503, error: { type: 'unavailable_shards_exception' } })).toMatchObject({
      retryable: true,
    });
    expect(bulkItemOutcome('create', { status: 400, error: { type: 'index_closed_exception' } })).toMatchObject({
      retryable: true,
    });
  });

  it('never takes a missing item for success', () => {
    expect(bulkItemOutcome('create', undefined)).toMatchObject({ kind: 'failed', retryable: true });
    expect(bulkItemAt({ errors: false, items: [] }, 0)).toBeUndefined();
    expect(bulkItemAt({ items: [{ create: { status: 201 } }] }, 0)).toEqual({ status: 201 });
  });
});
