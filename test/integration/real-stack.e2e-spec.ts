/**
 * The production stack end to end: the demo sessions published on Kafka →
 * apps/ingester → Elasticsearch (or OpenSearch) → apps/api, then the viewer
 * that apps/api serves, in Debian's chromium: search by identity, open a
 * session, play it, see masked values only.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser } from 'playwright-core';
import { loadOrCreateLocalAuthKey, mintLocalToken } from '@auditorium/auth';
import { DEMO_SECRETS, demoSessions } from '../../scripts/demo/demo-sessions';
import { configEnv, ingesterEnv, IngesterProcess, requireInfra } from '../support/ingester-process';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { freePort, REPO_ROOT } from '../support/standalone-process';

jest.setTimeout(240_000);

const API_MAIN = join(REPO_ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('real stack: Kafka → ingester → search engine → API → viewer', () => {
  const run = `stack-${Date.now().toString(36)}`;
  const env = ingesterEnv(run);
  const ingester = new IngesterProcess(env);
  let api: ChildProcess | undefined;
  let apiOutput = '';
  let baseUrl = '';
  let token = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    await ingester.start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // same data dir as the ingester: the API verifies seals with the key the ingester signs with
    api = spawn(process.execPath, [API_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        TZ: 'UTC',
        LOG_LEVEL: 'warn',
        AUDITORIUM_HOST: '127.0.0.1',
        AUDITORIUM_PORT: String(port),
        ...configEnv(env),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    api.stdout?.on('data', (d: Buffer) => (apiOutput += d.toString()));
    api.stderr?.on('data', (d: Buffer) => (apiOutput += d.toString()));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`api exited ${api.exitCode}:\n${apiOutput}`);
      const ok = await fetch(`${baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`api did not start:\n${apiOutput}`);
      await sleep(250);
    }
    token = await mintLocalToken(await loadOrCreateLocalAuthKey(env.dataDir), {
      roles: ['auditor'],
      sub: 'stack-auditor',
      issuer: 'auditorium-local',
      audience: 'auditorium',
    });

    const kafka = new Kafka({
      clientId: 'stack',
      brokers: requireInfra().brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const frames = demoSessions().flatMap((s) => s.frames);
    await producer.send({ topic: env.topic, messages: frames.map((f) => ({ key: f.sid, value: JSON.stringify(f) })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await browser?.close();
    if (api && api.exitCode === null && api.signalCode === null) {
      const exited = new Promise((r) => api?.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
    await ingester.destroy();
    await fetch(`${requireInfra().searchUrl}/${env.indexPrefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  });

  async function get<T>(path: string): Promise<T> {
    const res = await fetch(baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  it('finds the sessions of an identity, complete and sealed, through apps/api', async () => {
    const expected = demoSessions();
    let items: Array<{ sid: string; frameCount: number; seal?: unknown }> = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      items = (await get<{ items: typeof items }>('/api/v1/sessions?identity=svc-nightly-sync')).items;
      const want = expected.find((s) => s.sid === 'demo-nightly-sync-prod-0002');
      if (items.length === 1 && items[0].frameCount === want?.frames.length && items[0].seal) break;
      await sleep(1000);
    }
    expect(items.map((s) => s.sid)).toEqual(['demo-nightly-sync-prod-0002']);
    const verify = await get<{ status: string }>('/api/v1/sessions/demo-nightly-sync-prod-0002/verify');
    expect(verify.status).toBe('ok');
    const cast = await (
      await fetch(`${baseUrl}/api/v1/sessions/demo-nightly-sync-prod-0002/replay?format=v3`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    const lines = cast
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect((lines[0] as { version: number }).version).toBe(3);
    expect(cast).toContain('[EMAIL_ADDRESS]');
    for (const secret of Object.values(DEMO_SECRETS)) expect(cast).not.toContain(secret);
  });

  it('plays a demo session in the viewer served by apps/api, in a real browser, masked', async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseUrl}/#token=${token}`);
    await page.locator('table.identities').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
    await page.locator('table.sessions').waitFor();
    await page.getByLabel('Identity (sub)').fill('svc-nightly-sync');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/identity=svc-nightly-sync/);
    await page.getByRole('link', { name: 'demo-nightly-sync-prod-0002' }).click();
    await page.locator('button.exchange').first().waitFor();
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page.locator('#play-toggle').click();
    await page.waitForFunction(() => document.querySelector('#play-toggle')?.textContent === 'Play', undefined, {
      timeout: 60_000,
    });
    const text = await page.locator('.player-stage').innerText();
    expect(text).toContain('[EMAIL_ADDRESS]');
    const html = await page.content();
    for (const secret of Object.values(DEMO_SECRETS)) expect(html).not.toContain(secret);
    expect(errors).toEqual([]);
  });
});
