import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECISION_OUTCOMES } from '@auditorium/frames';
import type { SealCheck, VerifyResult, VerifyStatus } from '@auditorium/integrity';
import type { FindingCounts } from '@auditorium/store';
import type { TimelineCommand, TimelineEntry } from '../session-replay.service';
import { FINDING_COUNTS, SeqRangeDto } from './session.schema';

export class TimelineDecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) outcome!: string;
  @ApiPropertyOptional() policy?: string;
  @ApiPropertyOptional() reason?: string;
}

export class TimelineCommandDto implements TimelineCommand {
  @ApiProperty({ description: 'the line as typed, after line editing, masked as stored' }) line!: string;
  @ApiProperty({ description: 'the output that followed, as plain text (at most 4096 characters)' }) output!: string;
  @ApiProperty() outputTruncated!: boolean;
  @ApiProperty({ description: 'seq of the input frame that submitted the line' }) seq!: number;
}

export class TimelineEntryDto implements TimelineEntry {
  @ApiProperty({ description: 'exchange id; `cmd-<n>` for a command of an interactive session' }) xid!: string;
  @ApiProperty({
    description: '0-based position; the cast has one marker per exchange and per command, in this order',
  })
  index!: number;
  @ApiProperty({ description: "seconds from the session's first frame: the cast's clock (a marker's time)" })
  time!: number;
  @ApiProperty({ format: 'date-time' }) ts!: string;
  @ApiPropertyOptional({ example: 'GET' }) method?: string;
  @ApiPropertyOptional({ description: 'path or URL; for SQL exchanges the statement (method: its kind, SELECT …)' })
  target?: string;
  @ApiPropertyOptional({ example: 200 }) status?: number;
  @ApiPropertyOptional() durationMs?: number;
  @ApiPropertyOptional({
    example: 'UPDATE 3',
    description: "SQL exchanges: the database's command tag (status is 0 there, not an HTTP code)",
  })
  commandTag?: string;
  @ApiPropertyOptional({ type: TimelineDecisionDto }) decision?: TimelineDecisionDto;
  @ApiProperty(FINDING_COUNTS) findings!: FindingCounts;
  @ApiPropertyOptional({
    type: TimelineCommandDto,
    description: 'a line submitted in an interactive session (psql, ssh, kubectl exec) and the output that followed',
  })
  command?: TimelineCommandDto;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items!: TimelineEntryDto[];
  @ApiProperty({ description: 'true when the session has more than 10,000 exchanges (the rest are left out)' })
  truncated!: boolean;
}

const VERIFY_STATUSES: VerifyStatus[] = ['ok', 'tampered', 'gap', 'unsealed', 'not_found'];

export class SealCheckDto implements SealCheck {
  @ApiProperty() kid!: string;
  @ApiProperty({ description: 'signature verifies with a known key and the signed payload matches the stored chain' })
  valid!: boolean;
  @ApiProperty({ format: 'date-time' }) sealedAt!: string;
  @ApiPropertyOptional({ description: 'why it is not valid' }) error?: string;
}

export class VerifyResultDto implements VerifyResult {
  @ApiProperty() sid!: string;
  @ApiProperty({
    enum: VERIFY_STATUSES,
    description:
      'worst first: tampered (a frame or the seal was edited) > gap (frames missing) > unsealed (not ended yet) > ok',
  })
  status!: VerifyStatus;
  @ApiPropertyOptional({ description: 'tampered: the first seq whose frame or hash does not check out' })
  firstBadSeq?: number;
  @ApiProperty({ type: [SeqRangeDto] }) gaps!: SeqRangeDto[];
  @ApiProperty({ description: 'frames read' }) frames!: number;
  @ApiPropertyOptional({ description: 'stored hash of the last frame' }) head?: string;
  @ApiPropertyOptional() lastSeq?: number;
  @ApiProperty({ type: [Number], description: 'seqs of frames stored after a higher seq was chained (at most 1000)' })
  late!: number[];
  @ApiPropertyOptional({ type: SealCheckDto }) seal?: SealCheckDto;
  @ApiProperty({ example: 'tampered at seq 3: hash mismatch' }) message!: string;
}
