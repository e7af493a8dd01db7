import { aSession } from '@auditorium/frames/testing';

import { sessionSummaryOf, storedFramesOf } from '../testing/export.fixtures';
import { databaseSample, httpSample } from '../testing/sample-sessions';
import { buildAccessReport } from './access-report.builder';
import { renderAccessReportCsv } from './access-report-csv.renderer';
import { renderAccessReportHtml } from './access-report-html.renderer';
import { renderAccessReportJson } from './access-report-json.renderer';
import type { AccessReport } from './access-report.types';

const DAY = { from: '2026-01-15T00:00:00Z', to: '2026-01-16T00:00:00Z', bucket: 'hour' as const };

/** A report full of hostile names, as an attacker-controlled agent could produce them. */
async function hostileReport(): Promise<AccessReport> {
  const b = aSession({
    sid: 'sess-x',
    identity: { sub: '<script>alert(1)</script>', name: '=HYPERLINK("http://evil")' },
    resource: { name: '"><img src=x onerror=alert(2)>', type: '<svg onload=alert(3)>' },
    startTs: '2026-01-15T13:00:00Z',
  })
    .start()
    .request({ method: '+SUM(1)', target: '</svg><iframe src="javascript:alert(4)"></iframe>' })
    .decision('deny', { policy: "'; DROP TABLE--", reason: '-1+1 & <b>bold</b>' })
    .end('ok');
  const frames = await storedFramesOf(b.frames(), { findings: { 1: { '@EVIL<TYPE>': 3 } } });
  const http = await httpSample();
  const db = await databaseSample();
  return buildAccessReport(
    [sessionSummaryOf(frames), http.session, db.session],
    [...frames, ...http.frames, ...db.frames],
    { scope: {}, ...DAY, generatedAt: '2026-01-16T08:00:00.000Z' },
  );
}

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'p',
  'div',
  'b',
  'span',
  'i',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'svg',
  'line',
  'rect',
  'text',
  'footer',
]);

describe('access report renderers', () => {
  let report: AccessReport;
  beforeAll(async () => {
    report = await hostileReport();
  });

  it('JSON is the report itself', () => {
    expect(JSON.parse(renderAccessReportJson(report))).toEqual(report);
  });

  describe('HTML', () => {
    let html: string;
    beforeAll(() => {
      html = renderAccessReportHtml(report);
    });

    it('escapes every untrusted value: only our own tags appear', () => {
      const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w:-]*)/g)].map((m) => m[1].toLowerCase()));
      for (const tag of tags) expect(ALLOWED_TAGS).toContain(tag);
      expect(html).not.toMatch(/<script|<img|<iframe|<svg onload/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
      expect(html).toContain('&lt;/svg&gt;&lt;iframe');
      expect(html).toContain('&#39;; DROP TABLE--');
      expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
      expect(html).toContain('@EVIL&lt;TYPE&gt;');
      // no attribute carries untrusted text: every attribute value is one of ours
      for (const tag of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
        expect(tag[2]).not.toMatch(/alert|evil|javascript/i);
      }
    });

    it('loads nothing from anywhere and has print styles', () => {
      for (const tag of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
        expect(tag[2]).not.toMatch(/\s(src|href|xlink:href|action|srcset|on\w+)=/i);
      }
      expect(html).not.toMatch(/url\(|@import/i);
      expect(html).not.toMatch(/<link|<script|<object|<embed|<base/i);
      expect(html).toContain('content="default-src &#39;none&#39;;');
      expect(html).toContain('@media print');
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    });

    it('draws both charts as inline SVG with one bar per active bucket and resource', () => {
      const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
      expect(svgs).toHaveLength(2);
      const [timeSvg = '', resourceSvg = ''] = svgs;
      const active = report.series.filter((p) => p.exchanges > 0).length;
      expect((timeSvg.match(/class="bar"/g) ?? []).length).toBe(active);
      expect((timeSvg.match(/class="deny"/g) ?? []).length).toBe(report.series.filter((p) => p.denied > 0).length);
      expect((resourceSvg.match(/class="bar"/g) ?? []).length).toBe(
        report.byResource.filter((r) => r.exchanges > 0).length,
      );
      expect(html).toContain('Access over time');
      expect(html).toContain('Access by resource');
    });

    it('labels each gridline with its own round value', () => {
      const [timeSvg = ''] = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
      const gridYs = [...timeSvg.matchAll(/<line class="grid"[^>]*y1="([\d.]+)"/g)].map((m) => m[1]);
      const labels = [...timeSvg.matchAll(/<text [^>]*y="([\d.]+)" text-anchor="end"[^>]*>([^<]*)</g)];
      expect(labels.map((m) => m[1])).toEqual(gridYs);
      const values = labels.map((m) => Number(m[2].replace(/,/g, '')));
      const step = values[1] - values[0];
      expect(values[0]).toBe(0);
      values.forEach((v, i) => expect(v).toBe(i * step));
    });

    it('paints the legend swatches as boxes, not only SVG fills', () => {
      expect(html).toMatch(/\.legend i\.bar \{ background: #3867d6; \}/);
      expect(html).toMatch(/\.legend i\.deny \{ background: #d63838; \}/);
    });
  });

  describe('CSV', () => {
    it('has the sections and neutralises formula cells', () => {
      const csv = renderAccessReportCsv(report);
      for (const title of [
        'Summary',
        'Decisions',
        'Resources touched',
        'Identities',
        'Info types masked',
        'Denied exchanges',
        'Access over time',
      ]) {
        expect(csv).toContain(`\r\n${title}\r\n`.replace(/^\r\n/, title === 'Summary' ? '' : '\r\n'));
      }
      const cells = csv.split('\r\n').flatMap((line) => line.split(','));
      expect(csv).toContain(`'=HYPERLINK(""http://evil"")`);
      expect(csv).toContain("'+SUM(1)");
      expect(csv).toContain("'-1+1 & <b>bold</b>");
      expect(csv).toContain("'@EVIL<TYPE>");
      for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t]/);
      expect(csv).toContain('sessions,3\r\n');
    });
  });
});
