/**
 * The auditor's tasks done from the viewer in Chromium, against the real
 * embedded all-in-one: the access log (filters, paging, a 403, an
 * out-of-scope 404 and a search among its entries), access reports with the
 * period picker and the four downloads, legal hold on and off from a session
 * page, retention status / dry run / run, and an export download.
 * Screenshots go to .artifacts/viewer/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadOrCreateLocalAuthKey, mintLocalToken } from '@auditorium/auth';
import { demoSessions } from '../../scripts/demo/demo-sessions';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { REPO_ROOT } from '../support/standalone-process';
import { startViewerHarness, type ViewerHarness } from '../support/viewer-harness';

const ARTIFACTS = join(REPO_ROOT, '.artifacts', 'viewer');

describe('viewer tasks in Chromium', () => {
  let harness: ViewerHarness;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const shoot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `task-${name}.png`), fullPage: true });

  /** Clicks a download button and returns what was saved. */
  async function download(label: string): Promise<{ name: string; body: Buffer }> {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: label, exact: true }).click(),
    ]);
    const path = await dl.path();
    return { name: dl.suggestedFilename(), body: readFileSync(path) };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startViewerHarness();
    const app = harness.app;
    const ingest = await app.token(['ingest']);
    const frames = demoSessions().flatMap((s) => s.frames);
    expect((await app.ingest(frames.map((f) => JSON.stringify(f)).join('\n') + '\n', ingest)).status).toBeLessThan(300);

    // what the access log must show: a refusal, a scoped auditor's miss, a full-text search
    const ingestOnly = await app.token(['ingest'], 'gw-probe');
    expect((await app.fetch('/api/v1/sessions/demo-nightly-sync-prod-0002', { token: ingestOnly })).status).toBe(403);
    const scoped = await mintLocalToken(await loadOrCreateLocalAuthKey(app.dataDir), {
      roles: ['auditor'],
      sub: 'scoped-carol',
      issuer: 'auditorium-local',
      audience: 'auditorium',
      scope: { identities: ['svc-oncall-runbook'] },
    });
    expect((await app.fetch('/api/v1/sessions/demo-nightly-sync-prod-0002', { token: scoped })).status).toBe(404);
    expect((await app.fetch('/api/v1/sessions?q=customers', { token: scoped })).status).toBe(200);

    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(harness.loginLink);
    await page.locator('table.identities').waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  it('shows the tasks the admin may do in the navigation', async () => {
    await expect(page.locator('#nav a').allInnerTexts()).resolves.toEqual([
      'Identities',
      'Sessions',
      'Reports',
      'Exports',
      'Access log',
      'Retention',
      'API',
    ]);
  });

  it('lists the access log with a 403, an out-of-scope 404 and a search; filters and pages', async () => {
    await page.getByRole('link', { name: 'Access log' }).click();
    await page.locator('table.access-log').waitFor();
    const rows = page.locator('table.access-log tbody tr');
    await expect(rows.filter({ hasText: 'gw-probe' }).filter({ hasText: 'access.denied' }).count()).resolves.toBe(1);
    const miss = rows.filter({ hasText: 'scoped-carol' }).filter({ hasText: 'session.detail' });
    await expect(miss.locator('td.status-failed').innerText()).resolves.toBe('404');
    await expect(
      rows.filter({ hasText: 'session.search' }).filter({ hasText: 'sessions?q=customers' }).count(),
    ).resolves.toBe(1);
    await shoot('access-log');

    await page.getByLabel('Action').selectOption('access.denied');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=access\.denied/);
    await page.locator('table.access-log').waitFor();
    await expect(
      page.locator('table.access-log tbody tr').evaluateAll((trs) => trs.map((t) => t.dataset.action)),
    ).resolves.toEqual(['access.denied']);

    // paging: 50 per page; the browsing above made enough entries once the sessions are read
    for (const s of demoSessions())
      await harness.app.fetch(`/api/v1/sessions/${s.sid}`, { token: harness.app.adminToken });
    for (let i = 0; i < 50; i++)
      await harness.app.fetch('/api/v1/sessions/demo-oncall-psql-0004', { token: harness.app.adminToken });
    await page.goto(`${harness.url}/#/access-log?actor=local-admin`);
    await page.locator('table.access-log').waitFor();
    await expect(page.locator('table.access-log tbody tr').count()).resolves.toBe(50);
    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.waitForURL(/cursor=/);
    await page.locator('table.access-log').waitFor();
    await expect(page.locator('table.access-log tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: '← First page' }).count()).resolves.toBe(1);
  });

  it('makes an access report for a picked period and downloads it as JSON, CSV, HTML and PDF', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Identity (sub)').fill('svc-oncall-runbook');
    await page.getByLabel('Period', { exact: true }).selectOption('1d');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForURL(/period=1d/);
    await page.locator('[data-fact="Exchanges"]').waitFor();
    await expect(page.locator('[data-fact="Exchanges"]').innerText()).resolves.toBe('2');
    await expect(page.locator('[data-fact="Masked"]').innerText()).resolves.toContain('CREDIT_CARD_NUMBER × 2');
    await shoot('reports');

    const json = await download('JSON');
    expect(JSON.parse(json.body.toString()).exchanges).toBe(2);
    const csv = await download('CSV');
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.body.toString()).toContain('svc-oncall-runbook');
    const html = await download('HTML');
    expect(html.body.toString()).toMatch(/^<!DOCTYPE html>/);
    const pdf = await download('PDF');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('puts a session on legal hold and releases it from its page', async () => {
    await page.goto(`${harness.url}/#/sessions/demo-nightly-sync-prod-0002`);
    const button = page.locator('#legal-hold');
    await expect(button.innerText()).resolves.toBe('Put on legal hold');
    await button.click();
    await page.locator('#legal-hold[aria-pressed="true"]').waitFor();
    const held = await harness.app.fetch('/api/v1/sessions/demo-nightly-sync-prod-0002', {
      token: harness.app.adminToken,
    });
    expect(((await held.json()) as { legalHold?: boolean }).legalHold).toBe(true);
    await shoot('legal-hold');
    await button.click();
    await page.locator('#legal-hold[aria-pressed="false"]').waitFor();
    const released = await harness.app.fetch('/api/v1/sessions/demo-nightly-sync-prod-0002', {
      token: harness.app.adminToken,
    });
    expect(((await released.json()) as { legalHold?: boolean }).legalHold ?? false).toBe(false);
  });

  it('shows retention, runs a dry run, and a run only after the admin confirms', async () => {
    await page.getByRole('link', { name: 'Retention' }).click();
    await page.getByText('365 days').waitFor();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.locator('.retention-result', { hasText: 'Dry run: would delete 0 sessions' }).waitFor();
    const run = page.getByRole('button', { name: 'Delete expired sessions now' });
    await expect(run.isDisabled()).resolves.toBe(true);
    await page.getByLabel('I understand that a run deletes for good').check();
    await run.click();
    await page.locator('.retention-result', { hasText: 'Deleted 0 sessions' }).waitFor();
    await shoot('retention');
  });

  it('downloads an export in the chosen format, and continues with the cursor', async () => {
    await page.getByRole('link', { name: 'Exports' }).click();
    await page.getByLabel('Format').selectOption('ecs');
    await page.getByLabel('Events per file').fill('10');
    const first = await download('Download');
    expect(first.name).toBe('auditorium-export.ndjson');
    const lines = first.body.toString().trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(JSON.parse(lines[0])).toHaveProperty('ecs');
    await page
      .locator('p[role=status]', { hasText: /Saved auditorium-export\.ndjson: 10 events, more to come/ })
      .waitFor();
    await shoot('exports');
    await page.getByRole('link', { name: 'Continue with the next file →' }).click();
    await page.waitForURL(/cursor=/);
    await page.getByLabel('Events per file').fill('10');
    const second = await download('Download');
    expect(second.body.toString()).not.toBe(first.body.toString());
  });

  it("serves Swagger UI for the OpenAPI spec at /api/v1/docs, from local assets, under the CSP, with the tab's token", async () => {
    const violations: string[] = [];
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(
          `${e.violatedDirective} ${e.blockedURI}`,
        ),
      ),
    );
    const res = await page.goto(`${harness.url}/api/v1/docs`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/sessions/{sid}/replay' }).first().waitFor();
    expect(requests.every((u) => u.startsWith(harness.url))).toBe(true); // nothing from a CDN
    await shoot('api-docs');
    expect(violations).toEqual([]);
  });
});
