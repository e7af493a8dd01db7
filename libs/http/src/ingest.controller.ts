import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
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

/**
 * POST /api/v1/ingest — NDJSON frames, one per line. Answers with counts and
 * one entry per refused line; lines not listed were accepted.
 */
@Controller('api/v1/ingest')
export class IngestController {
  constructor(
    private readonly pipeline: IngestPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireRole('ingest')
  async ingest(@Req() req: Request): Promise<NdjsonIngestResult> {
    const limit = this.config.ingestMaxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(limit);
    try {
      return await ingestNdjson(req, this.pipeline, { maxBodyBytes: limit });
    } catch (err) {
      if (err instanceof BodyTooLargeError) throw new PayloadTooLargeError(limit);
      if (err instanceof StoreWriteError) throw new StoreUnavailableError(err.message);
      throw err;
    }
  }
}
