import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parseFrame } from './frame-parser';
import { FRAME_TYPES, REJECTION_CODES } from './frame.types';

const doc = readFileSync(path.resolve(__dirname, '../../../docs/frames.md'), 'utf8');

describe('docs/frames.md', () => {
  it('has an example session that parses, seq 0.. without gaps, start to end', () => {
    const block = /```ndjson\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const results = (block ?? '')
      .trimEnd()
      .split('\n')
      .map((line) => parseFrame(line));
    const frames = results.map((result) => {
      if (!result.ok) throw new Error(`example frame rejected: ${result.rejection.reason}`);
      return result.frame;
    });
    expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_frame, index) => index));
    expect(frames[0].type).toBe('session.start');
    expect(frames[frames.length - 1].type).toBe('session.end');
    expect(frames.some((frame) => frame.type === 'decision')).toBe(true);
    expect(new Set(frames.map((frame) => frame.sid)).size).toBe(1);
  });

  it('documents every frame type and rejection code', () => {
    for (const type of FRAME_TYPES) expect(doc).toContain(`\`${type}\``);
    for (const code of REJECTION_CODES) expect(doc).toContain(`\`${code}\``);
  });
});
