import { Controller, Get } from '@nestjs/common';
import type { SealJwks } from '@auditorium/integrity';
import { AnyRole } from './auth.decorators';
import { SealKeyring } from './seal-keyring';

/** The public keys of session seals, so anyone holding an export can verify it offline. */
@Controller('api/v1/keys')
export class KeysController {
  constructor(private readonly keys: SealKeyring) {}

  @Get('jwks.json')
  @AnyRole()
  jwks(): SealJwks {
    return this.keys.jwks;
  }
}
