/**
 * `npm run bench -- <name> [args]` runs bench/<name>.bench.ts; with no name, lists them.
 * Each bench measures Auditorium and its baseline side by side in one run and
 * prints its summary as the last line, so figures are ratios, not absolute times.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
  if (!name || !available.includes(name)) {
    console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
    process.exit(name ? 2 : 0);
  }
  process.argv = [process.argv[0], join(__dirname, `${name}.bench.ts`), ...rest];
  const mod = (await import(join(__dirname, `${name}.bench.ts`))) as { run?: (args: string[]) => Promise<void> };
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.bench.ts must export run(args)`);
  await mod.run(rest);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
