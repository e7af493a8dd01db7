import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class ReplayQuery {
  /** asciicast version: v2 (widest player support) or v3 */
  @ApiPropertyOptional({ enum: ['v2', 'v3'], default: 'v2', description: 'asciicast version' })
  @IsOptional()
  @IsIn(['v2', 'v3'])
  format?: 'v2' | 'v3';

  /** seconds; idle gaps longer than this are shortened by the player */
  @ApiPropertyOptional({
    minimum: 0.1,
    maximum: 3600,
    description: 'seconds, written to the header: the player shortens longer idle gaps (the cast keeps them)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.1)
  @Max(3600)
  idleTimeLimit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 20, maximum: 500, default: 120, description: 'terminal columns' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(500)
  width?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 5, maximum: 200, default: 40, description: 'terminal rows' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(200)
  height?: number;

  /** answer with Content-Disposition: attachment */
  @ApiPropertyOptional({ description: 'answer with Content-Disposition: attachment' })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  download?: boolean;
}
