import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IDENTITY_TYPES } from '@auditorium/frames';
import type { FindingCounts, IdentitySummary, Page } from '@auditorium/store';
import { FINDING_COUNTS } from './session.schema';

export class IdentitySummaryDto implements IdentitySummary {
  @ApiProperty({ example: 'agent-support-copilot' }) sub!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ enum: IDENTITY_TYPES }) type?: IdentitySummary['type'];
  @ApiProperty({ description: 'sessions whose session.start named this identity' }) sessionCount!: number;
  @ApiProperty({ type: [String], description: 'resources it touched, sorted' }) resources!: string[];
  @ApiProperty({ format: 'date-time' }) firstSeen!: string;
  @ApiProperty({ format: 'date-time' }) lastSeen!: string;
  @ApiProperty(FINDING_COUNTS) findings!: FindingCounts;
}

export class IdentityPageDto implements Page<IdentitySummary> {
  @ApiProperty({ type: [IdentitySummaryDto], description: 'last seen first' }) items!: IdentitySummaryDto[];
  @ApiPropertyOptional({ description: 'opaque; absent on the last page' }) nextCursor?: string;
}
