import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class ReplayQuery {
  /** asciicast version: v2 (widest player support) or v3 */
  @IsOptional() @IsIn(['v2', 'v3']) format?: 'v2' | 'v3';
  /** seconds; idle gaps longer than this are shortened by the player */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.1) @Max(3600) idleTimeLimit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(20) @Max(500) width?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(5) @Max(200) height?: number;
  /** answer with Content-Disposition: attachment */
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  download?: boolean;
}
