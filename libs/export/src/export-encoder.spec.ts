import { createExportEncoder } from './export-encoder';
import { EXPORT_FORMATS, isExportFormat } from './export-format';
import { CSV_EXPORT_COLUMNS } from './mappers/csv.mapper';
import { httpSample } from './testing/sample-sessions';

describe('createExportEncoder', () => {
  it.each(EXPORT_FORMATS)('%s: one line per event, ending in a newline, carrying the event id', async (format) => {
    const { frames, session } = await httpSample();
    const encoder = createExportEncoder(format);
    expect(encoder.format).toBe(format);
    expect(encoder.contentType).toMatch(/charset=utf-8/);
    for (const f of frames) {
      const line = encoder.encode(f, session);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toMatch(/\n/);
      expect(line).toContain(f.id);
    }
  });

  it('gives NDJSON formats parseable lines with the id where each schema wants it', async () => {
    const { frames, session } = await httpSample();
    const f = frames[1];
    const parse = (format: 'native' | 'ecs' | 'ocsf'): Record<string, unknown> =>
      JSON.parse(createExportEncoder(format).encode(f, session)) as Record<string, unknown>;
    expect(parse('native').id).toBe(f.id);
    expect((parse('ecs').event as { id: string }).id).toBe(f.id);
    expect((parse('ocsf').metadata as { uid: string }).uid).toBe(f.id);
  });

  it('gives CSV a header and no header to the others', () => {
    expect(createExportEncoder('csv').header?.()).toBe(`${CSV_EXPORT_COLUMNS.join(',')}\r\n`);
    for (const format of ['native', 'ecs', 'ocsf', 'cef'] as const) {
      expect(createExportEncoder(format).header).toBeUndefined();
    }
  });

  it('passes the product version to CEF and OCSF', async () => {
    const { frames } = await httpSample();
    expect(createExportEncoder('cef', { productVersion: '7.7.7' }).encode(frames[0])).toMatch(
      /^CEF:0\|Auditorium\|Auditorium\|7\.7\.7\|session\.start\|/,
    );
    expect(createExportEncoder('ocsf', { productVersion: '7.7.7' }).encode(frames[0])).toContain('"version":"7.7.7"');
  });

  it('knows its formats', () => {
    expect(isExportFormat('ecs')).toBe(true);
    expect(isExportFormat('xml')).toBe(false);
    expect(() => createExportEncoder('xml' as never)).toThrow(/unknown export format/);
  });
});
