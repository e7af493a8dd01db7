import { Client, errors } from '@elastic/elasticsearch';

import ilmPolicy from './lifecycle/frames.ilm.v1.json';
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

/** Elasticsearch 9 through @elastic/elasticsearch 9.4 (which only talks to 9.x servers). */
export class ElasticsearchEngineClient extends SearchEngineClient {
  readonly engine = 'elasticsearch' as const;
  private readonly client: Client;

  constructor(options: SearchConnectionOptions) {
    super();
    this.client = new Client({
      node: options.node,
      ...(options.auth ? { auth: options.auth } : {}),
      ...(options.tls?.ca ? { tls: { ca: options.tls.ca } } : {}),
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
    });
  }

  async request<T>(req: EngineRequest, ignore: number[] = []): Promise<EngineResponse<T>> {
    try {
      const result = await this.client.transport.request<T>(
        {
          method: req.method,
          path: req.path,
          querystring: req.querystring,
          body: req.body as never,
          bulkBody: req.bulkBody as never,
        },
        { meta: true, ignore },
      );
      return { statusCode: result.statusCode ?? 200, body: result.body };
    } catch (err) {
      if (err instanceof errors.ResponseError) {
        const { type, reason } = describeErrorBody(err.body);
        throw new EngineResponseError(err.statusCode ?? 500, type, reason);
      }
      throw err;
    }
  }

  async openPointInTime(index: string, keepAlive: string): Promise<string> {
    const res = await this.request<{ id: string }>({
      method: 'POST',
      path: `/${encodeURIComponent(index)}/_pit`,
      querystring: { keep_alive: keepAlive },
    });
    return res.body.id;
  }

  async closePointInTime(id: string): Promise<void> {
    await this.request({ method: 'DELETE', path: '/_pit', body: { id } }, [404]);
  }

  async putLifecyclePolicy(name: string): Promise<LifecycleOutcome> {
    try {
      await this.request({ method: 'PUT', path: `/_ilm/policy/${encodeURIComponent(name)}`, body: ilmPolicy });
      return 'applied';
    } catch (err) {
      if (isMissingApi(err)) return 'unsupported';
      throw err;
    }
  }

  lifecycleIndexSettings(policyName: string): Record<string, string> {
    return { 'index.lifecycle.name': policyName };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
