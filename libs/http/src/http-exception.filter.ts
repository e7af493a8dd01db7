import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '@auditorium/auth';
import { InvalidCursorError, InvalidQueryError, SessionNotFoundError } from '@auditorium/store';
import {
  BadRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  StoreUnavailableError,
} from './http.errors';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  correlationId?: string;
}

/** One global mapping from errors to HTTP answers. A 500 says nothing internal and logs a correlation id. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (body.statusCode === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="auditorium"');
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterS));
    if (body.correlationId) res.setHeader('X-Correlation-Id', body.correlationId);
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof UnauthenticatedError) {
      this.logger.warn({ msg: 'unauthenticated request', reason: e.reason });
      return { statusCode: 401, error: 'Unauthorized', message: 'a valid bearer token is required' };
    }
    if (e instanceof ForbiddenError)
      return { statusCode: 403, error: 'Forbidden', message: `requires role ${e.required}` };
    if (e instanceof NotFoundError) return { statusCode: 404, error: 'Not Found', message: e.message };
    if (e instanceof InvalidCursorError || e instanceof InvalidQueryError)
      return { statusCode: 400, error: 'Bad Request', message: e.message };
    if (e instanceof SessionNotFoundError) return { statusCode: 404, error: 'Not Found', message: 'session not found' };
    if (e instanceof BadRequestError) return { statusCode: 400, error: 'Bad Request', message: e.message };
    if (e instanceof PayloadTooLargeError) return { statusCode: 413, error: 'Payload Too Large', message: e.message };
    if (e instanceof RateLimitedError) return { statusCode: 429, error: 'Too Many Requests', message: e.message };
    if (e instanceof StoreUnavailableError) {
      this.logger.error({ msg: e.message });
      return { statusCode: 503, error: 'Service Unavailable', message: 'the recording store is unavailable; retry' };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const message =
        typeof r === 'object' && r !== null && 'message' in r
          ? (r as { message: string | string[] }).message
          : e.message;
      return { statusCode: status, error: STATUS_CODES[status] ?? e.name.replace(/Exception$/, ''), message };
    }
    // body-parser style errors carry a status (e.g. entity.too.large → 413)
    const status = (e as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return { statusCode: status, error: 'Bad Request', message: (e as Error).message };
    const correlationId = randomUUID();
    this.logger.error({ msg: 'unhandled error', correlationId, err: e });
    return { statusCode: 500, error: 'Internal Server Error', message: 'internal error', correlationId };
  }
}
