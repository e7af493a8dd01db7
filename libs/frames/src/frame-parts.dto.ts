import 'reflect-metadata';

import { ArrayMaxSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';

import { Optional } from './frame-field.validators';
import {
  ClientInfo,
  FRAME_FIELD_LIMITS as LIMITS,
  GatewayInfo,
  Identity,
  IDENTITY_TYPES,
  IdentityType,
  Resource,
} from './frame.types';

/*
 * Decorator order matters for the messages: with `stopAtFirstError` the
 * decorator nearest the property runs first, so the type check sits last.
 */

/** The machine (or human) identity the gateway authenticated. */
export class IdentityDto implements Identity {
  @MaxLength(LIMITS.id)
  @MinLength(1)
  @IsString()
  sub!: string;

  @Optional()
  @MaxLength(LIMITS.url)
  @IsString()
  iss?: string;

  @Optional()
  @IsIn(IDENTITY_TYPES)
  type?: IdentityType;

  @Optional()
  @MaxLength(LIMITS.name)
  @IsString()
  name?: string;

  @Optional()
  @MaxLength(LIMITS.name, { each: true })
  @IsString({ each: true })
  @ArrayMaxSize(LIMITS.groups)
  @IsArray()
  groups?: string[];

  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  tokenId?: string;

  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  clientId?: string;
}

/** What the session reaches through the gateway. */
export class ResourceDto implements Resource {
  @MaxLength(LIMITS.name)
  @MinLength(1)
  @IsString()
  name!: string;

  @Optional()
  @MaxLength(LIMITS.name)
  @IsString()
  type?: string;

  @Optional()
  @MaxLength(LIMITS.name)
  @IsString()
  env?: string;
}

export class ClientInfoDto implements ClientInfo {
  @Optional()
  @MaxLength(LIMITS.ip)
  @IsString()
  ip?: string;

  @Optional()
  @MaxLength(LIMITS.userAgent)
  @IsString()
  userAgent?: string;
}

export class GatewayInfoDto implements GatewayInfo {
  @Optional()
  @MaxLength(LIMITS.id)
  @IsString()
  id?: string;

  @Optional()
  @MaxLength(LIMITS.version)
  @IsString()
  version?: string;
}
