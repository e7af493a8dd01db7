import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a generated file (path relative to the repo) unless it already holds
 * `text`, and says which; the staleness tests compare against the same text.
 */
export function writeGenerated(relativePath: string, text: string): void {
  const target = path.resolve(__dirname, '..', relativePath);
  let previous: string | undefined;
  try {
    previous = readFileSync(target, 'utf8');
  } catch {
    previous = undefined;
  }
  if (previous === text) {
    console.log(`${relativePath} is up to date`);
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${relativePath} (${text.length} bytes)`);
}
