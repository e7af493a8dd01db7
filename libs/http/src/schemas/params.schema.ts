import { ApiParam } from '@nestjs/swagger';
import { SID_PATTERN } from '@auditorium/frames';

/** The `sid` path parameter, with the pattern the server enforces (the frame contract's). */
export function ApiSidParam(): MethodDecorator {
  return ApiParam({
    name: 'sid',
    description: 'session id: 1–128 chars of [A-Za-z0-9._:-]',
    schema: { type: 'string', pattern: SID_PATTERN.source },
  });
}

/**
 * Cursor formats: opaque strings (base64url, at most 2,048 chars) that only
 * the server mints, each valid for its own listing. A made-up value, or one
 * from another listing, is a 400. Named formats let a client (and a contract
 * test) tell them apart; OpenAPI has no way to say "a value you were given".
 */
export const CURSOR_FORMATS = {
  sessions: 'auditorium-sessions-cursor',
  identities: 'auditorium-identities-cursor',
  accessLog: 'auditorium-access-log-cursor',
  export: 'auditorium-export-cursor',
} as const;

/** Most characters of any cursor (the query DTOs enforce it). */
export const CURSOR_MAX_LENGTH = 2048;
