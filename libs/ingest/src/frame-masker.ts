import type { Frame } from '@auditorium/frames';
import type { FindingCounts } from '@auditorium/store';

export interface MaskedFrame {
  frame: Frame;
  counts: FindingCounts;
}

/** Port for the masking engine, so the pipeline can be unit-tested around it. */
export abstract class FrameMasker {
  /** Throws when the frame cannot be masked safely (strict mode): the frame is then rejected, never stored raw. */
  abstract mask(frame: Frame, ctx: { resource?: { name: string; type?: string } }): MaskedFrame;
}
