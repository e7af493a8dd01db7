import { ApiProperty } from '@nestjs/swagger';
import { REJECTION_CODES } from '@auditorium/frames';
import type { NdjsonIngestResult } from '@auditorium/ingest';

type LineError = NdjsonIngestResult['errors'][number];

export class IngestLineErrorDto implements LineError {
  @ApiProperty({ description: '1-based line number' }) line!: number;
  @ApiProperty({ enum: REJECTION_CODES, example: 'invalid' }) code!: LineError['code'];
  @ApiProperty({ example: 'seq must be an integer ≥ 0' }) reason!: string;
}

export class IngestResultDto implements NdjsonIngestResult {
  @ApiProperty({ description: 'lines stored now or already stored before' }) accepted!: number;
  @ApiProperty({ description: 'of accepted: newly stored' }) stored!: number;
  @ApiProperty({ description: 'of accepted: already present (idempotent re-delivery)' }) duplicates!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({
    type: [IngestLineErrorDto],
    description: 'one entry per refused line; lines not listed were accepted',
  })
  errors!: IngestLineErrorDto[];
}
