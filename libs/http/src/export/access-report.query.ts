import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsRFC3339, IsString, MaxLength } from 'class-validator';
import { MAX_REPORT_BUCKETS, REPORT_BUCKETS } from '@auditorium/export';
import type { ReportBucket } from '@auditorium/export';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** GET /api/v1/reports/access query; unknown parameters are refused by the global ValidationPipe. */
export class AccessReportQuery {
  /** identity sub; with resource, both must match; with neither, every identity and resource */
  @ApiPropertyOptional({ description: 'identity sub (token subject of the machine identity)' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  identity?: string;
  /** resource name */
  @ApiPropertyOptional({ description: 'resource name' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  resource?: string;
  /** RFC 3339, inclusive */
  @ApiProperty({
    format: 'date-time',
    description: `RFC 3339, inclusive; not after \`to\` (equal: an empty period), and the period fits in ${MAX_REPORT_BUCKETS} buckets (else 400)`,
  })
  @IsRFC3339()
  from!: string;
  /** RFC 3339, exclusive */
  @ApiProperty({ format: 'date-time', description: 'RFC 3339, exclusive; not before `from`' })
  @IsRFC3339()
  to!: string;
  /** hour or day (default) */
  @ApiPropertyOptional({ enum: REPORT_BUCKETS, default: 'day', description: 'time bucket of the series' })
  @IsOptional()
  @IsIn(REPORT_BUCKETS)
  bucket?: ReportBucket;
  /** json (default), csv, html, pdf */
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
