/**
 * Masking: Auditorium's engine against redact-pii, @openredaction/openredaction
 * and @arcjet/redact on one generated, labeled corpus (scripts/gen-masking-corpus.ts),
 * measured in the same run on one core (everything here is single-threaded).
 *
 *   npm run bench -- masking [--docs 1500] [--seed 42] [--peer-budget-s 20] [--verbose]
 *
 * How it counts, per frame field (body, data, target, meta.sql, each header):
 * - masked regions: the output is split at the tool's replacement markers and
 *   the literal text between markers is aligned back onto the input; what the
 *   markers stand for in the input is a masked region.
 * - recall: a planted value is found when its whole span lies inside masked
 *   regions (a value left partly visible is a miss).
 * - precision: masked regions that overlap at least one planted value, over
 *   all masked regions; a region that overlaps none is a false positive.
 * - MB/s: UTF-8 bytes of the corpus fields divided by the time the tool took
 *   to mask them all (ours masks whole frames, so it does a little more work),
 *   over whole passes for at least 3 s once warm, for ours and for every peer
 *   fast enough to pass over the corpus within half its budget.
 * Peers see each field as plain text, as they would if Auditorium used them;
 * they get as much of the corpus as fits in --peer-budget-s, and their
 * recall and precision are over the part they processed (a slow peer's speed
 * too).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Frame } from '@auditorium/frames';
import { MaskingEngine } from '@auditorium/redaction';

import { corpusFields, fieldText, generateCorpus } from '../scripts/gen-masking-corpus';
import type { CorpusDoc } from '../scripts/gen-masking-corpus';

interface Tool {
  name: string;
  marker: RegExp;
  /** masks one doc; returns the masked text of each corpus field */
  mask(doc: CorpusDoc): Promise<Record<string, string>> | Record<string, string>;
}

interface Score {
  name: string;
  docs: number;
  bytes: number;
  seconds: number;
  planted: number;
  found: number;
  regions: number;
  truePositiveRegions: number;
  missesByType: Record<string, number>;
  plantedByType: Record<string, number>;
  falsePositiveSamples: string[];
  missSamples: string[];
}

const MARK = '\u27e6R\u27e7';
const MARK_RE = /\u27e6R\u27e7/g;

function textFields(doc: CorpusDoc): Array<[string, string]> {
  return corpusFields(doc.frame)
    .map((f) => [f, fieldText(doc.frame, f)] as [string, string | undefined])
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length > 0);
}

/** Aligns output back onto input; returns the input ranges the markers replaced. */
export function maskedRegions(input: string, output: string, marker: RegExp): Array<[number, number]> {
  // output = lits[0] marks[0] lits[1] … marks[k-1] lits[k]; adjacent markers form one group
  const lits: string[] = [];
  const marks: string[] = [];
  const re = new RegExp(marker.source, 'g');
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(output)) !== null) {
    if (m.index === last && marks.length > 0) marks[marks.length - 1] += m[0];
    else {
      lits.push(output.slice(last, m.index));
      marks.push(m[0]);
    }
    last = m.index + m[0].length;
  }
  lits.push(output.slice(last));
  if (!input.startsWith(lits[0])) return [[0, input.length]];
  const regions: Array<[number, number]> = [];
  let cur = lits[0].length;
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    const lit = lits[i + 1];
    const isLast = i === marks.length - 1;
    // text that merely looks like a marker ("[INFO]") and was left alone
    if (
      input.startsWith(mark, cur) &&
      input.startsWith(lit, cur + mark.length) &&
      (!isLast || cur + mark.length + lit.length === input.length)
    ) {
      cur += mark.length + lit.length;
      continue;
    }
    const idx = isLast ? (input.endsWith(lit) ? input.length - lit.length : -1) : input.indexOf(lit, cur + 1);
    if (idx === -1 || idx < cur) {
      regions.push([cur, input.length]);
      return regions;
    }
    regions.push([cur, idx]);
    cur = idx + lit.length;
  }
  return regions;
}

function score(
  name: string,
  docs: CorpusDoc[],
  outputs: Array<Record<string, string>>,
  marker: RegExp,
  seconds: number,
): Score {
  const s: Score = {
    name,
    docs: outputs.length,
    bytes: 0,
    seconds,
    planted: 0,
    found: 0,
    regions: 0,
    truePositiveRegions: 0,
    missesByType: {},
    plantedByType: {},
    falsePositiveSamples: [],
    missSamples: [],
  };
  outputs.forEach((out, di) => {
    const doc = docs[di];
    for (const [field, input] of textFields(doc)) {
      s.bytes += Buffer.byteLength(input);
      const output = out[field] ?? input;
      const regions = output === input ? [] : maskedRegions(input, output, marker);
      const planted = doc.planted.filter((p) => p.field === field);
      for (const p of planted) {
        s.planted++;
        s.plantedByType[p.infoType] = (s.plantedByType[p.infoType] ?? 0) + 1;
        // covered when the regions overlapping it leave no gap
        let pos = p.start;
        for (const [a, b] of regions) if (a <= pos && b > pos) pos = Math.max(pos, b);
        if (pos >= p.end) s.found++;
        else {
          s.missesByType[p.infoType] = (s.missesByType[p.infoType] ?? 0) + 1;
          if (s.missSamples.length < 12)
            s.missSamples.push(`${doc.kind}/${field} ${p.infoType}: ${JSON.stringify(p.value)}`);
        }
      }
      for (const [a, b] of regions) {
        s.regions++;
        if (planted.some((p) => p.start < b && p.end > a)) s.truePositiveRegions++;
        else if (s.falsePositiveSamples.length < 12)
          s.falsePositiveSamples.push(
            `${doc.kind}/${field}: ${JSON.stringify(input.slice(Math.max(0, a - 15), b + 15))} → masked ${JSON.stringify(input.slice(a, b))}`,
          );
      }
    }
  });
  return s;
}

function ours(): Tool {
  const engine = new MaskingEngine({ mode: 'strict' });
  return {
    name: 'auditorium',
    marker: /\[[A-Z][A-Z0-9_]*\]/,
    mask: (doc) => {
      const masked = engine.maskFrame(doc.frame).frame;
      const out: Record<string, string> = {};
      for (const [f] of textFields(doc)) out[f] = fieldText(masked, f) ?? '';
      return out;
    },
  };
}

type Loader = () => Promise<Tool>;

const requireFromRoot = createRequire(join(__dirname, '..', 'package.json'));

const peers: Array<[string, Loader]> = [
  [
    'redact-pii',
    async () => {
      const mod = requireFromRoot('redact-pii') as { SyncRedactor: new (o: object) => { redact(t: string): string } };
      const r = new mod.SyncRedactor({ globalReplaceWith: MARK });
      return {
        name: 'redact-pii',
        marker: MARK_RE,
        mask: (doc) => Object.fromEntries(textFields(doc).map(([f, t]) => [f, r.redact(t)])),
      };
    },
  ],
  [
    '@openredaction/openredaction',
    async () => {
      const mod = requireFromRoot('@openredaction/openredaction') as {
        OpenRedaction: new (o?: object) => { detect(t: string): { redacted: string } | Promise<{ redacted: string }> };
      };
      const r = new mod.OpenRedaction();
      return {
        name: '@openredaction/openredaction',
        marker: /\[[A-Z][A-Z0-9_]*_\d+\]/,
        mask: async (doc) => {
          const out: Record<string, string> = {};
          for (const [f, t] of textFields(doc)) out[f] = (await r.detect(t)).redacted;
          return out;
        },
      };
    },
  ],
  [
    '@arcjet/redact',
    async () => {
      // ESM-only package: import it through a Function so the CommonJS build keeps a real import()
      const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;
      const mod = (await importEsm(requireFromRoot.resolve('@arcjet/redact'))) as {
        redact(t: string, o: { replace: () => string }): Promise<[string, unknown]>;
      };
      return {
        name: '@arcjet/redact@1.4.0',
        marker: MARK_RE,
        mask: async (doc) => {
          const out: Record<string, string> = {};
          for (const [f, t] of textFields(doc)) out[f] = (await mod.redact(t, { replace: () => MARK }))[0];
          return out;
        },
      };
    },
  ],
];

async function measure(tool: Tool, docs: CorpusDoc[], budgetS: number): Promise<Score> {
  // warm-up on a slice, not counted
  for (const d of docs.slice(0, 20)) await tool.mask(d);
  const outputs: Array<Record<string, string>> = [];
  const t0 = process.hrtime.bigint();
  for (const d of docs) {
    outputs.push(await tool.mask(d));
    if (Number(process.hrtime.bigint() - t0) / 1e9 > budgetS) break;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const result = score(tool.name, docs, outputs, tool.marker, seconds);
  // A peer that got through the corpus well within its budget is timed again, warm,
  // over whole passes for at least `STEADY_SECONDS` (as ours is): a single first
  // pass, half of it before the JIT settles, would understate it.
  if (outputs.length === docs.length && seconds * 2 < budgetS) {
    const bytes = result.bytes;
    let passes = 0;
    const t1 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      for (const d of docs) await tool.mask(d);
      passes++;
      elapsed = Number(process.hrtime.bigint() - t1) / 1e9;
    } while (elapsed < STEADY_SECONDS && elapsed + elapsed / passes < budgetS);
    result.bytes = bytes * passes;
    result.seconds = elapsed;
  }
  return result;
}

/** How long a speed is measured over whole passes of the corpus, ours and the peers' alike. */
const STEADY_SECONDS = 3;

/** Ours is fast enough to time over several passes for a steadier figure. */
function measureOursSpeed(docs: CorpusDoc[], minSeconds: number): { bytes: number; seconds: number } {
  const engine = new MaskingEngine({ mode: 'strict' });
  const frames: Frame[] = docs.map((d) => d.frame);
  let bytes = 0;
  for (const d of docs) for (const [, t] of textFields(d)) bytes += Buffer.byteLength(t);
  for (const f of frames.slice(0, 200)) engine.maskFrame(f);
  let total = 0;
  let passes = 0;
  const t0 = process.hrtime.bigint();
  do {
    for (const f of frames) engine.maskFrame(f);
    passes++;
    total = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (total < minSeconds);
  return { bytes: bytes * passes, seconds: total };
}

function fmt(n: number, d = 3): string {
  return Number.isFinite(n) ? n.toFixed(d) : 'n/a';
}

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : def;
  };
  const verbose = args.includes('--verbose');
  const seed = Number(opt('seed', '42'));
  // every tool gets the frames as the ingester does, parsed from JSON: flat strings, not the
  // concatenation trees the generator builds (which cost each tool an extra flattening)
  const docs = generateCorpus({ seed, docs: Number(opt('docs', '1500')) }).map((d) => ({
    ...d,
    frame: JSON.parse(JSON.stringify(d.frame)) as Frame,
  }));
  const budget = Number(opt('peer-budget-s', '20'));
  const planted = docs.reduce((n, d) => n + d.planted.length, 0);
  const corpusBytes = docs.reduce((n, d) => n + textFields(d).reduce((m, [, t]) => m + Buffer.byteLength(t), 0), 0);
  console.log(`corpus: seed=${seed} docs=${docs.length} planted=${planted} size=${(corpusBytes / 1e6).toFixed(2)} MB`);

  const results: Score[] = [];
  const mine = await measure(ours(), docs, Infinity);
  const speed = measureOursSpeed(docs, STEADY_SECONDS);
  mine.bytes = speed.bytes;
  mine.seconds = speed.seconds;
  results.push(mine);

  for (const [name, load] of peers) {
    let tool: Tool;
    try {
      tool = await load();
    } catch (err) {
      console.log(`${name}: cannot run here: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    try {
      results.push(await measure(tool, docs, budget));
    } catch (err) {
      console.log(`${name}: failed while masking: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  console.log('');
  console.log(
    `${'tool'.padEnd(30)} ${'docs'.padStart(5)} ${'recall'.padStart(7)} ${'precision'.padStart(9)} ${'MB/s'.padStart(8)}`,
  );
  for (const r of results) {
    const recall = r.found / r.planted;
    const precision = r.regions === 0 ? 1 : r.truePositiveRegions / r.regions;
    console.log(
      `${r.name.padEnd(30)} ${String(r.docs).padStart(5)} ${fmt(recall).padStart(7)} ${fmt(precision).padStart(9)} ${fmt(r.bytes / 1e6 / r.seconds, 2).padStart(8)}`,
    );
  }
  console.log('');
  for (const r of results) {
    const perType = Object.keys(r.plantedByType)
      .sort()
      .map((t) => `${t}=${fmt(1 - (r.missesByType[t] ?? 0) / r.plantedByType[t], 2)}`)
      .join(' ');
    console.log(`${r.name} recall by type: ${perType}`);
    if (verbose || r === results[0]) {
      for (const m of r.missSamples.slice(0, verbose ? 12 : 5)) console.log(`  miss ${m}`);
      for (const f of r.falsePositiveSamples.slice(0, verbose ? 12 : 5)) console.log(`  false positive ${f}`);
    }
  }
  const m = results[0];
  const peerSpeeds = results.slice(1).map((r) => r.bytes / 1e6 / r.seconds);
  const fastest = peerSpeeds.length ? Math.max(...peerSpeeds) : NaN;
  const ourSpeed = m.bytes / 1e6 / m.seconds;
  if (peerSpeeds.length) console.log(`\nspeed ratio vs fastest peer: ${fmt(ourSpeed / fastest, 1)}x`);
  console.log(
    `masking recall=${fmt(m.found / m.planted)} precision=${fmt(m.regions === 0 ? 1 : m.truePositiveRegions / m.regions)} mb_per_s=${fmt(ourSpeed, 2)} fastest_peer_mb_per_s=${fmt(fastest, 2)}`,
  );
}
