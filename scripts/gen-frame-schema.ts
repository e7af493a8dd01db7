// Writes docs/frames.schema.json, the JSON Schema of frame contract v1,
// from the class-validator classes in libs/frames. libs/frames/src/frame-schema.spec.ts
// fails until the committed file matches.
import { FRAME_SCHEMA_PATH, renderFrameSchema } from '@auditorium/frames';

import { writeGenerated } from './write-generated';

writeGenerated(FRAME_SCHEMA_PATH, renderFrameSchema());
