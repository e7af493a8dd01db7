import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** Every error answer, from the one global filter (http-exception.filter.ts). */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'what went wrong; a validation error lists one message per bad field, naming it',
    example: ['limit must not be greater than 500'],
  })
  message!: string | string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: '500 only: quote it to an operator, it is in the server log with the details (never in the answer)',
  })
  correlationId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'a parameter or body field is invalid (the message names it)',
  401: 'no valid bearer token (missing, expired, wrong issuer or audience, bad signature or algorithm)',
  403: 'the token lacks the role; answered before any lookup, so it says nothing about the resource',
  404: "no such session — also for a session outside a scoped caller's scope",
  413: 'the body exceeds AUDITORIUM_INGEST_MAX_BODY_BYTES',
  429: "this caller (the token's subject) spent its share (RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST): retry after Retry-After seconds",
  500: 'an internal error: the answer carries only a correlation id',
  503: 'the recording store is unavailable; retry',
};

/** Answers that say when to come back. */
const RETRY_AFTER = new Set([429, 503]);
const RETRY_AFTER_HEADER = { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } };

/** Documents the error answers of an operation (401, 429 and 500 apply to every protected one). */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBodyDto),
    ...[...new Set([...statuses, 401, 429, 500])]
      .sort((a, b) => a - b)
      .map((status) =>
        ApiResponse({
          status,
          description: DESCRIPTIONS[status] ?? 'error',
          // JSON whatever the operation's own media type (a cast, NDJSON, CSV, PDF): errors come from one filter
          content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
          ...(RETRY_AFTER.has(status) ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
        }),
      ),
  );
}
