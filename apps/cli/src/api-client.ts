/** Talks to an Auditorium server: AUDITORIUM_URL and AUDITORIUM_TOKEN, or --url / --token. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** verify: tampered or gap */
  integrity: 1,
  usage: 2,
  /** verify: the session has no seal yet */
  unsealed: 3,
  notFound: 4,
  auth: 5,
  server: 6,
  /** verify --bundle: intact, but the seal's key is not one you said to trust (--jwks / --pin) */
  untrusted: 7,
  /** a local file could not be read or written */
  io: 8,
} as const;

export interface ServerOptions {
  url?: string;
  token?: string;
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string;

  constructor(opts: ServerOptions) {
    const url = opts.url ?? process.env.AUDITORIUM_URL ?? 'http://127.0.0.1:8080';
    const token = opts.token ?? process.env.AUDITORIUM_TOKEN;
    if (!token)
      throw new CliError(
        'no token: pass --token or set AUDITORIUM_TOKEN (embedded mode: auditorium token --role …)',
        EXIT.auth,
      );
    this.baseUrl = url.replace(/\/+$/, '');
    this.token = token;
  }

  async get(path: string): Promise<Response> {
    let res = await this.fetchOnce(path);
    // 429 (this caller's share is spent) and 503 (store down) say when to come back: wait, a bounded number of times
    for (let attempt = 1; attempt < MAX_ATTEMPTS && (res.status === 429 || res.status === 503); attempt++) {
      await res.arrayBuffer().catch(() => undefined);
      await new Promise((r) => setTimeout(r, retryAfterMs(res)));
      res = await this.fetchOnce(path);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let message = text;
    try {
      const body = JSON.parse(text) as { message?: unknown };
      message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? text);
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 401) throw new CliError(`unauthorized: ${message}`, EXIT.auth);
    if (res.status === 403) throw new CliError(`forbidden: ${message}`, EXIT.auth);
    if (res.status === 404) throw new CliError(`not found: ${message}`, EXIT.notFound);
    if (res.status === 400) throw new CliError(`bad request: ${message}`, EXIT.usage);
    throw new CliError(`server answered ${res.status}: ${message}`, EXIT.server);
  }

  private async fetchOnce(path: string): Promise<Response> {
    try {
      return await fetch(this.baseUrl + path, { headers: { authorization: `Bearer ${this.token}` } });
    } catch (err) {
      throw new CliError(
        `cannot reach ${this.baseUrl}: ${(err as Error).cause ?? (err as Error).message}`,
        EXIT.server,
      );
    }
  }

  async json<T>(path: string): Promise<T> {
    return (await (await this.get(path)).json()) as T;
  }
}

const MAX_ATTEMPTS = 6;
const MAX_WAIT_MS = 30_000;

/** Retry-After in seconds (the server sends integers), bounded; 1 s when absent or unreadable. */
function retryAfterMs(res: Response): number {
  const s = Number(res.headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? Math.min(s * 1000, MAX_WAIT_MS) : 1000;
}
