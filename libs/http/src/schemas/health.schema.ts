import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: string;
  @ApiProperty({ enum: ['up', 'down'] }) store!: string;
  @ApiPropertyOptional({ enum: ['up', 'down'], description: 'present when Kafka is configured' }) kafka?: string;
}
