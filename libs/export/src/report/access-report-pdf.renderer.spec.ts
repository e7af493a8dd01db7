import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { aSession } from '@auditorium/frames/testing';

import { sessionSummaryOf, storedFramesOf } from '../testing/export.fixtures';
import { databaseSample, httpSample } from '../testing/sample-sessions';
import { buildAccessReport } from './access-report.builder';
import { pdfText, renderAccessReportPdf } from './access-report-pdf.renderer';
import type { AccessReport } from './access-report.types';

interface Raster {
  width: number;
  height: number;
  /** RGB */
  pixels: Buffer;
}

/** Renders every page with pdftoppm (poppler-utils) as PPM; fails loudly when it is not installed. */
function rasterize(pdf: Buffer): Raster[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'auditorium-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const run = spawnSync('pdftoppm', ['-r', '50', file, path.join(dir, 'page')], { encoding: 'utf8' });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'pdftoppm not found: install poppler-utils (Debian/Ubuntu: apt-get update && apt-get install -y poppler-utils) to run the PDF report test',
      );
    }
    if (run.status !== 0) throw new Error(`pdftoppm failed (${run.status}): ${run.stderr}`);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => parsePpm(readFileSync(path.join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parsePpm(data: Buffer): Raster {
  // "P6\n<w> <h>\n255\n" then RGB bytes
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: data.subarray(header[0].length) };
}

function inkShare(r: Raster): number {
  let ink = 0;
  for (let i = 0; i < r.pixels.length; i += 3) {
    if (r.pixels[i] < 200 || r.pixels[i + 1] < 200 || r.pixels[i + 2] < 200) ink++;
  }
  return ink / (r.width * r.height);
}

function countColour(r: Raster, test: (red: number, green: number, blue: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < r.pixels.length; i += 3) if (test(r.pixels[i], r.pixels[i + 1], r.pixels[i + 2])) n++;
  return n;
}

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

const DAY = { from: '2026-01-15T00:00:00Z', to: '2026-01-16T00:00:00Z', bucket: 'hour' as const };

describe('PDF access report', () => {
  let small: AccessReport;
  let big: AccessReport;

  beforeAll(async () => {
    const http = await httpSample();
    const db = await databaseSample();
    small = await buildAccessReport([http.session, db.session], [...http.frames, ...db.frames], {
      scope: {},
      ...DAY,
      generatedAt: '2026-01-16T08:00:00.000Z',
    });
    const b = aSession({
      sid: 'sess-many',
      identity: { sub: 'noisy-bot', name: 'Noisy → bot ✓' },
      resource: { name: 'api', type: 'http' },
      startTs: '2026-01-15T02:00:00Z',
      stepMs: 60_000,
    }).start();
    for (let i = 0; i < 150; i++) {
      b.request({ method: 'GET', target: `/things/${i}?q=${'x'.repeat(i % 40)}` }).decision(i % 3 ? 'allow' : 'deny', {
        policy: 'rate',
        reason: 'too many requests from this agent in one hour',
      });
    }
    const frames = await storedFramesOf(b.frames());
    big = await buildAccessReport([sessionSummaryOf(frames)], frames, { scope: {}, ...DAY, maxDenied: 60 });
  });

  it('renders a PDF whose pages pdftoppm turns into non-blank images, charts in colour', async () => {
    const pdf = await renderAccessReportPdf(small);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = rasterize(pdf);
    expect(pages.length).toBe(pageCount(pdf));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const page of pages) {
      expect(page.width).toBeGreaterThan(300);
      // not blank: a blank page has no ink at all; a short last page still has a table
      expect(inkShare(page)).toBeGreaterThan(0.001);
    }
    expect(inkShare(pages[0])).toBeGreaterThan(0.02);
    // bar charts: the blue exchanges bars and the red denied bar are on the first page
    const first = pages[0];
    expect(countColour(first, (r, g, b) => b > 150 && r < 120 && g < 150)).toBeGreaterThan(20);
    expect(countColour(first, (r, g, b) => r > 180 && g < 100 && b < 100)).toBeGreaterThan(5);
  });

  it('breaks long reports across pages, every page with content', async () => {
    const pdf = await renderAccessReportPdf(big);
    const pages = rasterize(pdf);
    expect(pages.length).toBe(pageCount(pdf));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(inkShare(page)).toBeGreaterThan(0.001);
  });

  it('keeps text to what the standard fonts can show', () => {
    expect(pdfText('a → b ✓ – “q” …\nnext')).toBe('a ? b ? - "q" ... next');
    expect(pdfText('Grüße')).toBe('Grüße');
  });
});
