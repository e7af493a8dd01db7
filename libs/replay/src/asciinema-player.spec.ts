import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { renderAsciicast } from './asciicast';
import { httpSession, stored, summary } from './replay.fixtures';

interface PlayerView {
  cols: number;
  rows: number;
  idleTimeLimit: number | null;
  events: Array<[number, string, number]>;
  markers: Array<[number, string]>;
}

/** The cast as the real asciinema-player parser reads it (run in a child: the player is ESM-only). */
async function parseWithPlayer(cast: string): Promise<PlayerView> {
  const dir = await fs.mkdtemp(path.join(tmpdir(), 'replay-player-'));
  try {
    const file = path.join(dir, 'session.cast');
    await fs.writeFile(file, cast);
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(__dirname, 'asciinema-player-parse.mjs'),
      file,
    ]);
    return JSON.parse(stdout) as PlayerView;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('casts in the real asciinema-player parser', () => {
  it.each([2, 3] as const)('v%i: size, idle limit, event times and markers come through', async (version) => {
    const frames = httpSession();
    let cast = '';
    for await (const line of renderAsciicast(stored(frames), {
      version,
      session: summary(frames),
      width: 100,
      height: 30,
      idleTimeLimit: 3,
    })) {
      cast += line;
    }
    const v2Times: number[] = [];
    for await (const line of renderAsciicast(stored(frames), { version: 2, session: summary(frames) })) {
      const e = JSON.parse(line) as unknown;
      if (Array.isArray(e)) v2Times.push((e as [number])[0]);
    }

    const view = await parseWithPlayer(cast);
    expect(view).toMatchObject({ cols: 100, rows: 30, idleTimeLimit: 3 });
    const ours = cast.trimEnd().split('\n').slice(1);
    expect(view.events).toHaveLength(ours.length);
    view.events.filter((e) => e[1] !== 'x').forEach((e, i) => expect(e[0]).toBeCloseTo(v2Times[i] * 1000, 3));
    expect(view.markers.map((m) => m[1])).toEqual([
      'GET /reports/q3 → 200',
      'DELETE /reports/q3 → denied',
      'SELECT id, email FROM users WHERE active (42 rows)',
    ]);
  });
});
