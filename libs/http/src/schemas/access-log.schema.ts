import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCESS_ACTIONS } from '@auditorium/store';
import type { AccessAction, AccessEntry, Page } from '@auditorium/store';

export class AccessEntryDto implements AccessEntry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: "who: the token's subject (or auditorium:retention-job)" }) actor!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ enum: ACCESS_ACTIONS }) action!: AccessAction;
  @ApiProperty({ description: 'what: a session id, or a description of the query or change' }) target!: string;
  @ApiPropertyOptional({ description: 'from where' }) ip?: string;
  @ApiPropertyOptional() userAgent?: string;
  @ApiPropertyOptional({ description: 'HTTP status answered' }) status?: number;
}

export class AccessLogPageDto implements Page<AccessEntry> {
  @ApiProperty({ type: [AccessEntryDto], description: 'newest first' }) items!: AccessEntryDto[];
  @ApiPropertyOptional({ description: 'opaque; absent on the last page' }) nextCursor?: string;
}
