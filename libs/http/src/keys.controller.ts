import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SealJwks } from '@auditorium/integrity';
import { AnyRole } from './auth.decorators';
import { SealKeyring } from './seal-keyring';
import { ApiErrors, SealJwksDto } from './schemas';

/** The public keys of session seals, so anyone holding an export can verify it offline. */
@ApiTags('integrity')
@ApiBearerAuth()
@Controller('api/v1/keys')
export class KeysController {
  constructor(private readonly keys: SealKeyring) {}

  @Get('jwks.json')
  @AnyRole()
  @ApiOperation({ summary: 'Public keys of session seals (JWKS), to verify seals and exports offline; any role' })
  @ApiOkResponse({ type: SealJwksDto })
  @ApiErrors()
  jwks(): SealJwks {
    return this.keys.jwks;
  }
}
