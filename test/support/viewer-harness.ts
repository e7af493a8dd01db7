/**
 * Runs the viewer as users get it: the built embedded all-in-one serving
 * apps/viewer/dist at `/` (with the CSP header) next to the API. Rebuilds the
 * viewer first when its sources are newer than the build.
 *
 * By hand: `node scripts/build.js && node scripts/run-ts.js test/support/viewer-harness.ts`
 * prints the login link and keeps running until Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, StandaloneProcess, type StandaloneOptions } from './standalone-process';

export const VIEWER_ROOT = join(REPO_ROOT, 'apps', 'viewer');
export const VIEWER_DIST = join(VIEWER_ROOT, 'dist');

export interface ViewerHarness {
  app: StandaloneProcess;
  /** where the viewer is served, no trailing slash */
  url: string;
  /** the login link the app printed (`<url>/#token=…`) */
  loginLink: string;
  close(): Promise<void>;
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function viewerBuildIsStale(): boolean {
  const built = join(VIEWER_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => newestMtime(join(VIEWER_ROOT, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export async function buildViewer(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(VIEWER_ROOT, 'build.js')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`apps/viewer/build.js failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

export async function startViewerHarness(opts: StandaloneOptions = {}): Promise<ViewerHarness> {
  if (viewerBuildIsStale()) await buildViewer();
  const app = await StandaloneProcess.start(opts);
  try {
    const loginLink = /Viewer login link:\s+(\S+)/.exec(app.output)?.[1];
    if (!loginLink) throw new Error(`the app printed no viewer login link:\n${app.output}`);
    // The app must serve this very build at `/`.
    const res = await app.fetch('/');
    const html = res.ok ? await res.text() : '';
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(join(VIEWER_DIST, 'index.html'), 'utf8'))?.[1];
    if (!entry || !html.includes(entry)) {
      throw new Error(`the app does not serve apps/viewer/dist at / (HTTP ${res.status}):\n${app.output}`);
    }
    return { app, url: app.baseUrl, loginLink, close: () => app.destroy() };
  } catch (err) {
    await app.destroy();
    throw err;
  }
}

if (require.main === module) {
  startViewerHarness({ dataDir: process.env.AUDITORIUM_DATA_DIR })
    .then((h) => {
      console.log(`viewer: ${h.url}\nlogin link: ${h.loginLink}`);
      const stop = () => void h.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
