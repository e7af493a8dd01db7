import PDFDocument from 'pdfkit';

import type { AccessReport } from './access-report.types';
import { bucketLabel, formatBytes, formatCount, labelledIndexes, valueAxis, scopeTitle } from './report-chart';

export const ACCESS_REPORT_PDF_CONTENT_TYPE = 'application/pdf';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const BLUE = '#3867d6';
const RED = '#d63838';
const GREY = '#566070';
const LINE = '#d5dae3';

/**
 * The report as PDF (A4), drawn with pdfkit primitives — no browser: summary,
 * access over time (bars), access by resource (horizontal bars), then the
 * tables of the HTML report. Uses the standard PDF fonts, so text outside
 * Latin-1 is shown as "?".
 */
export function renderAccessReportPdf(report: AccessReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: false,
    info: {
      Title: pdfText(`Access report: ${scopeTitle(report.scope)}`),
      Author: 'Auditorium',
      Creator: 'Auditorium',
      CreationDate: validDate(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc, report);
  } finally {
    doc.end();
  }
  return done;
}

function draw(doc: Doc, r: AccessReport): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor('#1d2430')
    .text(pdfText(`Access report: ${scopeTitle(r.scope)}`));
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(GREY)
    .text(pdfText(`${r.period.from} - ${r.period.to}, per ${r.period.bucket}; generated ${r.generatedAt}`));
  if (r.firstAccess || r.lastAccess) {
    doc.text(pdfText(`first access ${r.firstAccess ?? '-'}; last access ${r.lastAccess ?? '-'}`));
  }
  doc.moveDown(0.8);

  summaryCards(doc, [
    ['Sessions', formatCount(r.sessions)],
    ['Exchanges', formatCount(r.exchanges)],
    ['Bytes', formatBytes(r.bytes)],
    ['Resources', formatCount(r.resourcesTouched.length)],
    ['Identities', formatCount(r.identities.length)],
    ['Denied', formatCount(r.deniedTotal)],
  ]);

  heading(doc, 'Access over time');
  timeChart(doc, r);
  heading(doc, 'Access by resource');
  resourceChart(doc, r);

  heading(doc, 'Decisions');
  table(
    doc,
    ['Outcome', 'Count'],
    [3, 1],
    Object.entries(r.decisions).map(([o, n]) => [o, formatCount(n)]),
    [1],
  );
  heading(doc, 'Resources touched');
  table(
    doc,
    ['Resource', 'Type', 'Sessions', 'Exchanges', 'Bytes', 'Denied'],
    [3, 1.4, 1, 1, 1.1, 0.9],
    r.resourcesTouched.map((x) => [
      x.name,
      x.type ?? '',
      formatCount(x.sessions),
      formatCount(x.exchanges),
      formatBytes(x.bytes),
      formatCount(x.denied),
    ]),
    [2, 3, 4, 5],
  );
  heading(doc, 'Identities');
  table(
    doc,
    ['Identity', 'Name', 'Type', 'Sessions', 'Exchanges'],
    [2.6, 2, 1, 1, 1],
    r.identities.map((i) => [i.sub, i.name ?? '', i.type ?? '', formatCount(i.sessions), formatCount(i.exchanges)]),
    [3, 4],
  );
  heading(doc, 'Sensitive info types masked');
  table(
    doc,
    ['Info type', 'Count'],
    [3, 1],
    r.infoTypes.map((t) => [t.type, formatCount(t.count)]),
    [1],
  );
  heading(
    doc,
    r.deniedTotal > r.deniedExchanges.length
      ? `Denied exchanges (latest ${r.deniedExchanges.length} of ${formatCount(r.deniedTotal)})`
      : 'Denied exchanges',
  );
  table(
    doc,
    ['Time', 'Identity', 'Resource', 'Request', 'Policy', 'Reason'],
    [1.6, 1.3, 1.3, 2, 1.1, 1.7],
    r.deniedExchanges.map((d) => [
      d.ts.slice(0, 19).replace('T', ' '),
      d.identity ?? '',
      d.resource ?? '',
      [d.method, d.target].filter(Boolean).join(' '),
      d.policy ?? '',
      d.reason ?? '',
    ]),
    [],
  );
}

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Starts a new page when fewer than `height` points are left. */
function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  }
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#1d2430').text(pdfText(text), MARGIN, doc.y);
  const y = doc.y + 2;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + contentWidth(doc), y)
    .lineWidth(0.5)
    .strokeColor(LINE)
    .stroke();
  doc.y = y + 6;
}

function summaryCards(doc: Doc, cards: Array<[string, string]>): void {
  const gap = 8;
  const w = (contentWidth(doc) - gap * (cards.length - 1)) / cards.length;
  const h = 42;
  ensureSpace(doc, h + 10);
  const y = doc.y;
  cards.forEach(([label, value], i) => {
    const x = MARGIN + i * (w + gap);
    doc.roundedRect(x, y, w, h, 4).lineWidth(0.7).strokeColor(LINE).stroke();
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .fillColor('#1d2430')
      .text(pdfText(value), x + 6, y + 7, { width: w - 12, lineBreak: false });
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(pdfText(label), x + 6, y + 26, { width: w - 12, lineBreak: false });
  });
  doc.x = MARGIN;
  doc.y = y + h + 4;
}

function timeChart(doc: Doc, r: AccessReport): void {
  const H = 150;
  ensureSpace(doc, H + 20);
  const series = r.series;
  const left = MARGIN + 40;
  const width = contentWidth(doc) - 40;
  const top = doc.y + 4;
  const plotH = H - 24;
  const axis = valueAxis(Math.max(0, ...series.map((p) => p.exchanges), ...series.map((p) => p.denied)));
  const max = axis.max;
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  doc.font('Helvetica').fontSize(7).fillColor(GREY);
  for (const t of axis.ticks) {
    const yy = y(t);
    doc
      .moveTo(left, yy)
      .lineTo(left + width, yy)
      .lineWidth(0.4)
      .strokeColor(LINE)
      .stroke();
    doc.text(formatCount(t), MARGIN, yy - 3, { width: 36, align: 'right', lineBreak: false });
  }
  const slot = width / Math.max(1, series.length);
  const barW = Math.max(0.5, slot * 0.8);
  series.forEach((p, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    if (p.exchanges > 0) doc.rect(x, y(p.exchanges), barW, top + plotH - y(p.exchanges)).fill(BLUE);
    if (p.denied > 0) doc.rect(x, y(p.denied), barW, top + plotH - y(p.denied)).fill(RED);
  });
  doc
    .moveTo(left, top + plotH)
    .lineTo(left + width, top + plotH)
    .lineWidth(0.7)
    .strokeColor('#9aa3b2')
    .stroke();
  doc.font('Helvetica').fontSize(7).fillColor(GREY);
  for (const i of labelledIndexes(series.length, 6)) {
    const cx = left + i * slot + slot / 2;
    doc.text(bucketLabel(series[i].start, r.period.bucket), cx - 40, top + plotH + 5, {
      width: 80,
      align: 'center',
      lineBreak: false,
    });
  }
  legend(doc, top + plotH + 16);
  doc.x = MARGIN;
  doc.y = top + H + 6;
}

function legend(doc: Doc, y: number): void {
  doc.rect(MARGIN + 40, y + 1, 7, 7).fill(BLUE);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(GREY)
    .text('exchanges', MARGIN + 51, y, { lineBreak: false });
  doc.rect(MARGIN + 110, y + 1, 7, 7).fill(RED);
  doc.fillColor(GREY).text('denied', MARGIN + 121, y, { lineBreak: false });
}

function resourceChart(doc: Doc, r: AccessReport): void {
  const rows = r.byResource;
  if (rows.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(GREY).text('No resources.', MARGIN, doc.y);
    return;
  }
  const rowH = 16;
  const labelW = 150;
  const width = contentWidth(doc) - labelW - 50;
  const max = valueAxis(Math.max(0, ...rows.map((x) => x.exchanges))).max;
  for (const row of rows) {
    ensureSpace(doc, rowH + 4);
    const y = doc.y;
    doc.font('Helvetica').fontSize(8).fillColor('#1d2430');
    doc.text(pdfText(fit(doc, row.name, labelW - 8)), MARGIN, y + 4, {
      width: labelW - 8,
      align: 'right',
      lineBreak: false,
    });
    const w = (row.exchanges / max) * width;
    if (row.exchanges > 0) doc.rect(MARGIN + labelW, y + 3, Math.max(1, w), rowH - 6).fill(BLUE);
    if (row.denied > 0) doc.rect(MARGIN + labelW, y + 3, Math.max(1, (row.denied / max) * width), rowH - 6).fill(RED);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(formatCount(row.exchanges), MARGIN + labelW + w + 4, y + 4, {
        lineBreak: false,
      });
    doc.x = MARGIN;
    doc.y = y + rowH;
  }
}

function table(doc: Doc, header: string[], weights: number[], rows: string[][], numeric: number[]): void {
  if (rows.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(GREY).text('None.', MARGIN, doc.y);
    return;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (w / total) * contentWidth(doc));
  const rowH = 14;
  const drawRow = (cells: string[], bold: boolean): void => {
    ensureSpace(doc, rowH + 2);
    const y = doc.y;
    if (bold) doc.rect(MARGIN, y, contentWidth(doc), rowH).fill('#f3f5f8');
    let x = MARGIN;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#1d2430');
    cells.forEach((cell, i) => {
      const w = widths[i] - 6;
      doc.text(pdfText(fit(doc, pdfText(cell), w)), x + 3, y + 3, {
        width: w,
        align: numeric.includes(i) ? 'right' : 'left',
        lineBreak: false,
      });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, y + rowH)
      .lineTo(MARGIN + contentWidth(doc), y + rowH)
      .lineWidth(0.3)
      .strokeColor(LINE)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + rowH;
  };
  drawRow(header, true);
  for (const row of rows) drawRow(row, false);
}

/** Cuts text to fit `width` points in the current font, with "...". */
function fit(doc: Doc, text: string, width: number): string {
  let t = text.length > 300 ? text.slice(0, 300) : text;
  if (doc.widthOfString(t) <= width) return t;
  while (t.length > 1 && doc.widthOfString(`${t}...`) > width) t = t.slice(0, Math.max(1, Math.floor(t.length * 0.9)));
  return `${t}...`;
}

/** Text the standard (WinAnsi) fonts can show: printable Latin-1, everything else "?". */
export function pdfText(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');
}

function validDate(ts: string): Date {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
