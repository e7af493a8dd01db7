import { ApiProperty } from '@nestjs/swagger';
import type { PublicSealJwk, SealJwks } from '@auditorium/integrity';

export class PublicSealJwkDto implements PublicSealJwk {
  @ApiProperty({ enum: ['OKP'] }) kty!: 'OKP';
  @ApiProperty({ enum: ['Ed25519'] }) crv!: 'Ed25519';
  @ApiProperty({ description: 'public key, base64url' }) x!: string;
  @ApiProperty({ description: 'RFC 7638 thumbprint; the kid of a seal' }) kid!: string;
  @ApiProperty({ enum: ['EdDSA'] }) alg!: 'EdDSA';
  @ApiProperty({ enum: ['sig'] }) use!: 'sig';
}

export class SealJwksDto implements SealJwks {
  @ApiProperty({ type: [PublicSealJwkDto] }) keys!: PublicSealJwkDto[];
}
