import { Client, errors } from '@opensearch-project/opensearch';

import ismPolicy from './lifecycle/frames.ism.v1.json';
import {
  describeErrorBody,
  EngineRequest,
  EngineResponse,
  EngineResponseError,
  isMissingApi,
  LifecycleOutcome,
  SearchConnectionOptions,
  SearchEngineClient,
} from './search-engine.client';
import { StoreError } from '../store.errors';

/** OpenSearch 2.x through @opensearch-project/opensearch 3.x. */
export class OpenSearchEngineClient extends SearchEngineClient {
  readonly engine = 'opensearch' as const;
  private readonly client: Client;

  constructor(options: SearchConnectionOptions) {
    super();
    if (options.auth && 'apiKey' in options.auth) {
      // OpenSearch's security plugin has no API keys; refuse rather than send a header it ignores
      throw new StoreError('OpenSearch does not support API keys: use a username and password');
    }
    this.client = new Client({
      node: options.node,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tls?.ca ? { ssl: { ca: options.tls.ca } } : {}),
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
    });
  }

  async request<T>(req: EngineRequest, ignore: number[] = []): Promise<EngineResponse<T>> {
    try {
      const result = await this.client.transport.request(
        {
          method: req.method,
          path: req.path,
          querystring: req.querystring,
          body: req.body as never,
          bulkBody: req.bulkBody as never,
        },
        { ignore },
      );
      return { statusCode: result.statusCode ?? 200, body: result.body as T };
    } catch (err) {
      if (err instanceof errors.ResponseError) {
        const { type, reason } = describeErrorBody(err.body);
        throw new EngineResponseError(err.statusCode ?? 500, type, reason);
      }
      throw err;
    }
  }

  async openPointInTime(index: string, keepAlive: string): Promise<string> {
    const res = await this.request<{ pit_id: string }>({
      method: 'POST',
      path: `/${encodeURIComponent(index)}/_search/point_in_time`,
      querystring: { keep_alive: keepAlive },
    });
    return res.body.pit_id;
  }

  async closePointInTime(id: string): Promise<void> {
    await this.request({ method: 'DELETE', path: '/_search/point_in_time', body: { pit_id: [id] } }, [404]);
  }

  async putLifecyclePolicy(name: string, indexPattern: string): Promise<LifecycleOutcome> {
    const body = {
      policy: {
        ...ismPolicy.policy,
        ism_template: ismPolicy.policy.ism_template.map((t) => ({ ...t, index_patterns: [indexPattern] })),
      },
    };
    try {
      await this.request({ method: 'PUT', path: `/_plugins/_ism/policies/${encodeURIComponent(name)}`, body });
      return 'applied';
    } catch (err) {
      if (isMissingApi(err)) return 'unsupported';
      // ISM refuses to overwrite without if_seq_no: the versioned name means it is this very policy
      if (err instanceof EngineResponseError && err.statusCode === 409) return 'applied';
      throw err;
    }
  }

  lifecycleIndexSettings(): Record<string, string> {
    return {};
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
