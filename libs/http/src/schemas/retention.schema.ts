import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { LegalHoldState, RetentionRun, RetentionSettings } from '../retention/retention.service';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** PUT /api/v1/sessions/:sid/legal-hold body. */
export class LegalHoldBody {
  @ApiProperty({ description: 'true: keep the session whatever its age; false: release it to retention' })
  @IsBoolean()
  hold!: boolean;
}

export class LegalHoldStateDto implements LegalHoldState {
  @ApiProperty() sid!: string;
  @ApiProperty() legalHold!: boolean;
}

/** POST /api/v1/admin/retention/run query. */
export class RetentionRunQuery {
  @ApiPropertyOptional({ description: 'count what a run would delete, delete nothing', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dryRun?: boolean;
}

export class RetentionRunDto implements RetentionRun {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'date-time', description: 'sessions whose last activity is before this expire' })
  cutoff!: string;
  @ApiProperty({ description: 'true: nothing was deleted; the counts say what a run would delete' }) dryRun!: boolean;
  @ApiProperty({ enum: ['admin', 'job'] }) trigger!: 'admin' | 'job';
  @ApiProperty() deletedSessions!: number;
  @ApiProperty() deletedFrames!: number;
  @ApiProperty({ description: 'expired sessions kept because they are on legal hold' }) keptOnHold!: number;
  @ApiProperty() durationMs!: number;
}

export class RetentionJobDto {
  @ApiProperty({ description: 'the background job runs in this process' }) enabled!: boolean;
  @ApiProperty({ example: 60 }) intervalMinutes!: number;
  @ApiPropertyOptional({ format: 'date-time' }) nextRunAt?: string;
  @ApiPropertyOptional({ type: RetentionRunDto, description: "this process's last run that deleted (not dry runs)" })
  lastRun?: RetentionRunDto;
}

export class RetentionSettingsDto implements RetentionSettings {
  @ApiProperty({ description: 'RETENTION_DAYS', example: 365 }) retentionDays!: number;
  @ApiProperty({ format: 'date-time', description: 'the cut-off a run would use now' }) cutoff!: string;
  @ApiProperty({ type: RetentionJobDto }) job!: RetentionJobDto;
}
