// Writes docs/frames.schema.json, the JSON Schema of frame contract v1,
// from the class-validator classes in libs/frames. libs/frames/src/frame-schema.spec.ts
// fails until the committed file matches.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { FRAME_SCHEMA_PATH, renderFrameSchema } from '@auditorium/frames';

const target = path.resolve(__dirname, '..', FRAME_SCHEMA_PATH);
const text = renderFrameSchema();
let previous: string | undefined;
try {
  previous = readFileSync(target, 'utf8');
} catch {
  previous = undefined;
}
if (previous === text) {
  console.log(`${FRAME_SCHEMA_PATH} is up to date`);
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${FRAME_SCHEMA_PATH} (${text.length} bytes)`);
}
