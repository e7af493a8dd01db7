import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AppConfig } from '@auditorium/config';
import {
  BodyTooLargeError,
  ingestNdjson,
  IngestPipeline,
  NdjsonIngestResult,
  StoreWriteError,
} from '@auditorium/ingest';
import { RequireRole } from './auth.decorators';
import { PayloadTooLargeError, StoreUnavailableError } from './http.errors';
import { APP_CONFIG } from './tokens';
import { ApiErrors, IngestResultDto } from './schemas';

/**
 * POST /api/v1/ingest — NDJSON frames, one per line. Answers with counts and
 * one entry per refused line; lines not listed were accepted.
 */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/v1/ingest')
export class IngestController {
  constructor(
    private readonly pipeline: IngestPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireRole('ingest')
  @ApiOperation({
    summary: 'Ingest frames as NDJSON, one frame per line (frame contract v1: docs/frames.md)',
    description: 'Idempotent by (sid, seq). A bad line never sinks the good ones: the answer lists each refused line.',
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({
    // an empty body is zero lines: answered with zero counts
    required: false,
    description:
      'NDJSON, one JSON frame per line (docs/frames.md). Each line is judged on its own and the answer lists the refused ones, ' +
      'so no body is refused as a whole (only one over the size limit: 413).',
    // no type: whatever the bytes, the answer is per line
    schema: {
      example: '{"v":1,"sid":"s-1","seq":0,"ts":"2026-01-05T10:00:00Z","type":"session.start",…}\n',
    },
  })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiErrors(403, 413, 503)
  async ingest(@Req() req: Request): Promise<NdjsonIngestResult> {
    const limit = this.config.ingestMaxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discardRest(req, limit);
      throw new PayloadTooLargeError(limit);
    }
    try {
      return await ingestNdjson(req, this.pipeline, { maxBodyBytes: limit });
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        discardRest(req, limit);
        throw new PayloadTooLargeError(limit);
      }
      if (err instanceof StoreWriteError) throw new StoreUnavailableError(err.message);
      throw err;
    }
  }
}

/**
 * Read and drop the rest of a refused body so the client, still sending,
 * gets the 413 instead of a broken pipe; past a bound, cut the connection.
 */
function discardRest(req: Request, limit: number): void {
  let dropped = 0;
  const bound = limit + 64 * 1024 * 1024;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > bound) req.socket.destroy();
  });
  req.resume();
}
