// Parses an asciicast file with the real asciinema-player parser (the one the
// viewer runs in the browser) and prints what the player sees, as JSON.
// Used by asciinema-player.spec.ts; ESM because the player package is ESM-only.
// The parser is not exported: constructing Core resolves `src.parser` from the
// player's own parser table, in place, without touching the DOM.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// the package exports only its entry points: find dist/ from the main entry
const dist = path.dirname(require.resolve('asciinema-player'));
const coreFile = readdirSync(dist).find((f) => /^core-.*\.js$/.test(f));
const { C: Core } = await import(pathToFileURL(path.join(dist, coreFile)).href);

const text = readFileSync(process.argv[2], 'utf8');
const src = { data: text, parser: 'asciicast' };
new Core(src, { logger: console });
if (typeof src.parser !== 'function') throw new Error('asciinema-player parser not found');
const rec = await src.parser(new Response(text), { encoding: 'utf-8' });
const events = Array.from(rec.events);
process.stdout.write(
  JSON.stringify({
    cols: rec.cols,
    rows: rec.rows,
    idleTimeLimit: rec.idleTimeLimit ?? null,
    events: events.map(([t, code, data]) => [t, code, typeof data === 'string' ? data.length : data]),
    markers: events.filter((e) => e[1] === 'm').map((e) => [e[0], e[2]]),
  }),
);
