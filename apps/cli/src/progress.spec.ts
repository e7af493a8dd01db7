import { PassThrough } from 'node:stream';
import { createProgress } from './progress';

function stream(tty: boolean): { s: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream;
  (s as { isTTY?: boolean }).isTTY = tty;
  (s as { columns?: number }).columns = 100;
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { s, text: () => text };
}

describe('export progress', () => {
  it('the plain line ends with the real count, even when the throttle skipped it', () => {
    const { s, text } = stream(false);
    const p = createProgress('export', { stream: s });
    for (const n of [10_000, 20_000, 30_046]) p.update(n);
    p.stop();
    const lines = text().trim().split('\n');
    expect(lines[0]).toMatch(/^export: 10000 events/);
    expect(lines[lines.length - 1]).toMatch(/^export: 30046 events/);
  });

  it('on a terminal counts events and draws no percentage it cannot know', () => {
    const { s, text } = stream(true);
    const p = createProgress('export', { stream: s });
    p.update(2_500);
    p.update(30_002);
    p.stop();
    expect(text()).toContain('30002 events');
    expect(text()).not.toMatch(/%|█|░/);
  });
});
