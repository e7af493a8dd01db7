/**
 * The viewer in a real browser (Debian's chromium driven by playwright-core)
 * against the real embedded all-in-one: sign in through the login link,
 * search, replay and seek, masked values only, and payloads that try to be
 * HTML staying text. Screenshots go to .artifacts/viewer/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Frame } from '@auditorium/frames';
import { DEMO_SECRETS, demoSessions } from '../../scripts/demo/demo-sessions';
import { REPO_ROOT } from '../support/standalone-process';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { VIEWER_CSP } from '@auditorium/http/security-headers';
import { startViewerHarness, type ViewerHarness } from '../support/viewer-harness';

const ARTIFACTS = join(REPO_ROOT, '.artifacts', 'viewer');
const WIDTHS = [1280, 800] as const;

const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '</script><script>alert(1)</script>';
const XSS_SID = 'xss-payloads-0001';
const XSS_SUB = 'svc-xss-probe';

/** A session whose payloads try to become markup: in identity, labels, target, headers, bodies and terminal output. */
function xssFrames(start: Date): Frame[] {
  let seq = 0;
  let t = start.getTime();
  const frames: Frame[] = [];
  const add = (advanceMs: number, frame: Record<string, unknown>) => {
    t += advanceMs;
    frames.push({ v: 1, sid: XSS_SID, seq: seq++, ts: new Date(t).toISOString(), ...frame } as unknown as Frame);
  };
  add(0, {
    type: 'session.start',
    identity: { sub: XSS_SUB, type: 'machine', name: `Probe ${XSS_IMG}` },
    resource: { name: 'payload-api', type: 'http', env: 'test' },
    labels: { note: XSS_SCRIPT },
    correlationId: XSS_IMG,
  });
  add(10, { type: 'output', data: `banner ${XSS_IMG}\r\n` });
  add(10, { type: 'decision', outcome: 'allow', policy: XSS_IMG, reason: XSS_SCRIPT, xid: 'p1' });
  add(5, {
    type: 'request',
    xid: 'p1',
    method: 'POST',
    target: `/search?q=${XSS_IMG}`,
    headers: { 'x-probe': XSS_SCRIPT, 'x-img': XSS_IMG, 'content-type': 'text/html' },
    body: `${XSS_IMG}\n${XSS_SCRIPT}`,
  });
  add(300, {
    type: 'response',
    xid: 'p1',
    status: 200,
    headers: { 'content-type': 'text/html', 'x-echo': XSS_IMG },
    body: `<html><body>${XSS_IMG}${XSS_SCRIPT}</body></html>`,
    meta: { durationMs: 299 },
  });
  add(500, { type: 'request', xid: 'p2', method: 'GET', target: XSS_SCRIPT, headers: { accept: XSS_SCRIPT } });
  add(40, { type: 'response', xid: 'p2', status: 404, body: XSS_SCRIPT, meta: { durationMs: 39 } });
  add(200, { type: 'output', data: `${XSS_SCRIPT}\r\n${XSS_IMG}\r\n` });
  add(100, { type: 'session.end', status: 'ok' });
  return frames;
}

interface Watch {
  dialogs: string[];
  errors: string[];
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

async function newWatchedPage(context: BrowserContext, watch: Watch): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') watch.errors.push(`console: ${m.text()}`);
  });
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150); // let the player refit
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function playerSeconds(page: Page): Promise<number> {
  return Number(await page.locator('#player-time').getAttribute('data-seconds'));
}

/** Waits until the page's text and markup hold no planted secret (checked in every form the demo plants it). */
async function expectNoSecrets(page: Page): Promise<void> {
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  const leaks: string[] = [];
  for (const [label, secret] of Object.entries(DEMO_SECRETS)) {
    const variants = [secret, secret.replace(/\s/g, ''), encodeURIComponent(secret)];
    if (variants.some((v) => html.includes(v) || text.includes(v))) leaks.push(label);
  }
  expect(leaks).toEqual([]);
}

describe('viewer in Chromium', () => {
  let harness: ViewerHarness;
  let browser: Browser;
  let context: BrowserContext;
  const watch: Watch = { dialogs: [], errors: [] };
  const expectedErrors: RegExp[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath();
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startViewerHarness();
    const token = await harness.app.token(['ingest']);
    const frames = [...demoSessions().flatMap((s) => s.frames), ...xssFrames(new Date(Date.now() - 5 * 60_000))];
    const res = await harness.app.ingest(frames.map((f) => JSON.stringify(f)).join('\n') + '\n', token);
    expect(res.status).toBeLessThan(300);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    // CSP violations are reported to the page; collect them (init scripts run outside the page's CSP).
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(() => {
    expect(watch.dialogs).toEqual([]);
    const unexpected = watch.errors.filter((e) => !expectedErrors.some((re) => re.test(e)));
    expect(unexpected).toEqual([]);
    watch.errors.length = 0;
    expectedErrors.length = 0;
  });

  it('is served at / with a strict CSP header, and the same policy in the page', async () => {
    const res = await fetch(`${harness.url}/`);
    expect(res.status).toBe(200);
    const header = res.headers.get('content-security-policy') ?? '';
    expect(header).toBe(VIEWER_CSP);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(header).toContain(directive);
    }
    expect(header).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    // The <meta> copy: the header minus frame-ancestors, which a <meta> cannot carry.
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(await res.text())?.[1];
    const withoutFrameAncestors = (p: string) =>
      p
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && !d.startsWith('frame-ancestors'));
    expect(withoutFrameAncestors(meta ?? '')).toEqual(withoutFrameAncestors(header));
  });

  it('asks for a token, and says so when a pasted token is refused', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await newWatchedPage(fresh, watch);
      await page.goto(`${harness.url}/#/identities`);
      await page.getByLabel('Bearer token').waitFor();
      await shoot(page, 'signin');
      // Well-formed but not signed by this server: the API answers 401.
      await page.getByLabel('Bearer token').fill('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
      await page.getByRole('button', { name: 'Sign in' }).click();
      expectedErrors.push(/401/);
      await page.getByText('Your token expired or is invalid — sign in again.').first().waitFor();
      expect(await page.evaluate(() => sessionStorage.getItem('auditorium.token'))).toBeNull();
      // The server's real token, pasted, works.
      await page.getByRole('link', { name: 'Sign in' }).first().click();
      await page.getByLabel('Bearer token').fill(harness.app.adminToken);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('table.identities').waitFor();
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  let page: Page;

  it('signs in through the login link, keeps the token in the tab, and lists identities with activity', async () => {
    page = await newWatchedPage(context, watch);
    await page.goto(harness.loginLink);
    await page.locator('table.identities').waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => sessionStorage.getItem('auditorium.token'))).toBe(harness.app.adminToken);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    const rows = page.locator('table.identities tbody tr');
    for (const sub of ['svc-contractor-reportbot', 'svc-nightly-sync', 'agent-support-copilot', XSS_SUB]) {
      await expect(rows.filter({ hasText: sub }).count()).resolves.toBe(1);
    }
    // one chart per identity, each with at least one bar
    await page.waitForFunction(() => document.querySelectorAll('svg.activity').length >= 5);
    const bars = await page
      .locator('svg.activity')
      .evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('rect').length));
    expect(bars.every((n) => n > 0)).toBe(true);
    await expect(rows.filter({ hasText: 'svc-nightly-sync' }).getByText('EMAIL_ADDRESS').count()).resolves.toBe(1);
    await shoot(page, 'identities');
    await expectNoSecrets(page);
  });

  it('searches sessions by identity, with the query in the URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
    await page.locator('table.sessions').waitFor();
    await page.getByLabel('Identity (sub)').fill('agent-support-copilot');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/identity=agent-support-copilot/);
    await page.waitForFunction(() => document.querySelectorAll('table.sessions tbody tr').length === 1);
    await expect(page.locator('table.sessions tbody').innerText()).resolves.toContain('demo-support-agent-0003');

    // The URL alone reproduces the search (shareable), including full text and filters.
    await page.goto(`${harness.url}/#/sessions?decision=deny`);
    await page.waitForFunction(() => document.querySelectorAll('table.sessions tbody tr').length === 1);
    await expect(page.getByLabel('Decision').inputValue()).resolves.toBe('deny');
    await page.goto(`${harness.url}/#/sessions?q=nothing-matches-this-${Date.now()}`);
    await page.getByText('No sessions match these filters').waitFor();

    await page.goto(`${harness.url}/#/sessions?identity=agent-support-copilot`);
    await page.locator('table.sessions tbody tr').first().waitFor();
    await shoot(page, 'search');
    await expectNoSecrets(page);
  });

  it('replays a session: plays, seeks to a clicked exchange, shows masked values and integrity', async () => {
    await page.getByRole('link', { name: 'demo-support-agent-0003' }).click();
    await page.locator('button.exchange').nth(1).waitFor();
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page
      .locator('.integrity')
      .getByText(/Integrity: (verified|chain intact)/)
      .waitFor();

    // Real time, so the marker's time equals the exchange's time.
    await page.getByLabel('Idle limit').selectOption('off');
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page.locator('#play-toggle').click();
    await page.waitForFunction(
      () => Number(document.querySelector('#player-time')?.getAttribute('data-seconds')) > 0.3,
    );
    await page.locator('#play-toggle', { hasText: 'Pause' }).click();
    const paused = await playerSeconds(page);
    expect(paused).toBeGreaterThan(0.3);

    const second = page.locator('button.exchange').nth(1);
    const target = Number(await second.getAttribute('data-time'));
    expect(target).toBeGreaterThan(2); // the PATCH comes ~2.5 s in
    await second.click();
    await page.waitForFunction(
      (t) => Math.abs(Number(document.querySelector('#player-time')?.getAttribute('data-seconds')) - t) < 0.25,
      target,
    );
    expect(Math.abs((await playerSeconds(page)) - target)).toBeLessThan(0.25);
    await expect(second.getAttribute('aria-current')).resolves.toBe('true');
    expect(page.url()).toContain('x=a2');

    // With an idle limit the player compresses the 2.4 s pause: the click lands on the exchange's marker, earlier.
    await page.getByLabel('Idle limit').selectOption('0.5');
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await second.click();
    await page.waitForFunction((t) => {
      const s = Number(document.querySelector('#player-time')?.getAttribute('data-seconds'));
      return s > 0.3 && s < t - 1.5;
    }, target);
    // Back to real time, the player stays on the exchange.
    await page.getByLabel('Idle limit').selectOption('off');
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page.waitForFunction(
      (t) => Math.abs(Number(document.querySelector('#player-time')?.getAttribute('data-seconds')) - t) < 0.25,
      target,
    );

    // The timeline and the selected exchange show the decision and masked values, never the raw ones.
    await expect(second.innerText()).resolves.toContain('deny');
    await page.locator('.exchange-frames').waitFor();
    await expect(page.locator('.exchange-frames').innerText()).resolves.toContain('[CREDIT_CARD_NUMBER]');
    await page.locator('button.exchange').nth(0).click();
    await page.locator('.exchange-frames').getByText('[EMAIL_ADDRESS]').first().waitFor();
    // …and so does the terminal once the response has played.
    await page.locator('button.exchange').nth(1).click();
    await page.waitForFunction(() =>
      (document.querySelector('.ap-term, .ap-terminal, .ap-player')?.textContent ?? '').includes('[EMAIL_ADDRESS]'),
    );
    await shoot(page, 'session');
    await expectNoSecrets(page);
    expect(await cspViolations(page)).toEqual([]);
  });

  it('reads SQL by statement with its command tag, highlights masked values, and opens a deep link at its moment', async () => {
    await page.goto(`${harness.url}/#/sessions/demo-nightly-sync-prod-0002?idle=off&t=1.2`);
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page.waitForFunction(
      () => Math.abs(Number(document.querySelector('#player-time')?.getAttribute('data-seconds')) - 1.2) < 0.05,
    );
    const exchanges = page.locator('button.exchange');
    await exchanges.nth(2).waitFor();
    await expect(exchanges.locator('.ex-method').allInnerTexts()).resolves.toEqual(['SET', 'SELECT', 'UPDATE']);
    await expect(exchanges.locator('.command-tag').allInnerTexts()).resolves.toEqual(['SET', 'SELECT 3', 'UPDATE 3']);
    await expect(exchanges.nth(1).locator('.ex-target').innerText()).resolves.toMatch(/^SELECT id, full_name, email/);

    await exchanges.nth(1).click();
    await page.locator('.exchange-frames').waitFor();
    const marks = page.locator('.exchange-frames mark.masked');
    await expect(marks.allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['[CREDIT_CARD_NUMBER]', '[EMAIL_ADDRESS]']),
    );
    // the highlight is an element the viewer made around text, not markup from the payload
    await expect(
      marks.first().evaluate((m) => m.childNodes.length === 1 && m.firstChild?.nodeType === 3),
    ).resolves.toBe(true);
    await expect(page.locator('.frame-response .badge-neutral').innerText()).resolves.toBe('SELECT 3');
    // the statement is shown once, on the request
    const details = await page.locator('.exchange-frames').innerText();
    expect(details.split('SELECT id, full_name, email, phone, card_number, ssn FROM customers')).toHaveLength(2);
    await shoot(page, 'session-sql');
  });

  it('keeps every demo session free of raw secrets in the browser', async () => {
    for (const s of demoSessions()) {
      await page.goto(`${harness.url}/#/sessions/${encodeURIComponent(s.sid)}?idle=off`);
      await page.locator('#play-toggle:not([disabled])').waitFor();
      await page.locator('.timeline-body').locator('ol.exchanges, .state-empty').first().waitFor();
      const exchanges = page.locator('button.exchange');
      const n = await exchanges.count();
      for (let i = 0; i < n; i++) {
        await exchanges.nth(i).click();
        await page.locator('.exchange-frames, .command-details').first().waitFor();
        await expectNoSecrets(page);
      }
      if (s.frames.some((f) => f.type === 'input')) {
        // its commands are on the timeline, each with the (masked) output that followed
        await page.locator('button.exchange[data-xid="cmd-0"]').click();
        await expect(page.locator('.command-details .command-line').innerText()).resolves.toContain(
          'SELECT email, card_number FROM orders',
        );
        await expect(page.locator('.command-details .command-output').innerText()).resolves.toContain(
          '[CREDIT_CARD_NUMBER]',
        );
        await shoot(page, 'session-psql-commands');
        // interactive session: play it through at high speed and read the terminal
        await page.getByLabel('Speed').selectOption('8');
        await page.locator('#play-toggle:not([disabled])').waitFor();
        await page.locator('#play-toggle').click();
        await page.waitForFunction(() => document.querySelector('#play-toggle')?.textContent === 'Play', undefined, {
          timeout: 20_000,
        });
        await expect(page.locator('.player-stage').innerText()).resolves.toContain('[EMAIL_ADDRESS]');
      }
      await expectNoSecrets(page);
    }
    expect(await cspViolations(page)).toEqual([]);
  });

  it('renders payloads that look like HTML as literal text, injecting nothing', async () => {
    await page.goto(`${harness.url}/#/sessions?identity=${XSS_SUB}`);
    await page.getByRole('link', { name: XSS_SID }).click();
    await page.locator('button.exchange').nth(1).waitFor();
    await page.locator('#play-toggle:not([disabled])').waitFor();

    // identity name, labels, correlation id, target, decision policy: all text
    await expect(page.locator('h1').innerText()).resolves.toContain(XSS_IMG);
    await expect(page.locator('.facts.summary').innerText()).resolves.toContain(XSS_SCRIPT);
    await expect(page.locator('button.exchange').nth(0).innerText()).resolves.toContain(XSS_IMG);
    await expect(page.locator('button.exchange').nth(1).innerText()).resolves.toContain(XSS_SCRIPT);

    for (const i of [0, 1]) {
      await page.locator('button.exchange').nth(i).click();
      await page.locator('.exchange-frames').waitFor();
    }
    await page.locator('button.exchange').nth(0).click();
    const details = page.locator('.exchange-frames');
    await details.getByText(`x-probe: ${XSS_SCRIPT}`).waitFor();
    await expect(details.innerText()).resolves.toContain(`<html><body>${XSS_IMG}${XSS_SCRIPT}</body></html>`);

    // play to the end so the terminal output frames render too
    await page.getByLabel('Speed').selectOption('8');
    await page.locator('#play-toggle:not([disabled])').waitFor();
    await page.locator('#play-toggle').click();
    await page.waitForFunction(() => document.querySelector('#play-toggle')?.textContent === 'Play', undefined, {
      timeout: 20_000,
    });
    await expect(page.locator('.player-stage').innerText()).resolves.toContain(XSS_IMG);
    await shoot(page, 'xss-session');

    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      foreignScripts: Array.from(document.querySelectorAll('script')).filter(
        (s) => !(s.getAttribute('src') ?? '').startsWith('/assets/'),
      ).length,
      handlers: Array.from(document.querySelectorAll('*')).filter((el) =>
        Array.from(el.attributes).some((a) => a.name.toLowerCase().startsWith('on')),
      ).length,
      alerted: (window as unknown as { alerted?: boolean }).alerted ?? false,
    }));
    expect(injected).toEqual({ imgs: 0, foreignScripts: 0, handlers: 0, alerted: false });
    expect(watch.dialogs).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
