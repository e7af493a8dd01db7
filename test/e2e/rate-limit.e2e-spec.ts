import { StandaloneProcess } from '../support/standalone-process';

/**
 * Fair sharing: every verified caller (token subject) has its own token
 * bucket, so a runaway SIEM poller gets 429 with Retry-After and the
 * auditors keep their share.
 */
describe('per-caller rate limits (embedded app)', () => {
  let app: StandaloneProcess;
  beforeAll(async () => {
    // a bucket of 5 refilled at 1/s: a burst of 40 requests must overflow it
    app = await StandaloneProcess.start({ env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '5' } });
  });
  afterAll(() => app?.destroy());

  async function burst(path: string, token: string, n: number): Promise<Response[]> {
    return Promise.all(
      Array.from({ length: n }, async () => {
        const res = await app.fetch(path, { token });
        await res.arrayBuffer();
        return res;
      }),
    );
  }

  it('answers a runaway poller 429 with Retry-After, while an auditor still gets 200', async () => {
    const poller = await app.token(['siem'], 'siem-runaway');
    const answers = await burst('/api/v1/export/events?limit=10', poller, 40);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const body = (await (await app.fetch('/api/v1/export/events', { token: poller })).json()) as {
      statusCode: number;
      error: string;
    };
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });

    const auditor = await app.token(['auditor'], 'auditor-alice');
    const mine = await app.fetch('/api/v1/sessions', { token: auditor });
    expect(mine.status).toBe(200);
  });

  it('counts the subject, not the token: a freshly minted token of the same caller buys no new share', async () => {
    const first = await app.token(['siem'], 'siem-greedy');
    await burst('/api/v1/export/events', first, 20);
    const second = await app.token(['siem'], 'siem-greedy');
    const res = await app.fetch('/api/v1/export/events', { token: second });
    await res.arrayBuffer();
    expect(res.status).toBe(429);
  });

  it('never limits /healthz, and counts the refusals in /metrics', async () => {
    const health = await Promise.all(Array.from({ length: 20 }, () => app.fetch('/healthz')));
    expect(health.map((r) => r.status)).toEqual(Array(20).fill(200));
    const metrics = await app.fetch('/metrics', { token: await app.token(['admin'], 'prometheus') });
    const text = await metrics.text();
    const refused = Number(/^auditorium_http_rate_limited_total (\d+)/m.exec(text)?.[1]);
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses an unauthenticated flood with 401, not 429 (the limit counts verified callers only)', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => app.fetch('/api/v1/sessions')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(401));
  });
});
