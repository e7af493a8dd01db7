import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { SESSION_BUNDLE_CONTENT_TYPE, SESSION_BUNDLE_FILE_EXTENSION, sessionBundleLines } from '@auditorium/export';
import { RecordingStore } from '@auditorium/store';
import type { AuthedRequest } from '../auth.guard';
import { SealKeyring } from '../seal-keyring';
import { SessionReadService } from '../session-read.service';
import { ChunkBuffer, ResponseWriter } from './response-writer';

/** The self-verifying session bundle (frames + chain + seal + public key), streamed as a download. */
@Injectable()
export class SessionBundleService {
  private readonly logger = new Logger('SessionBundleService');

  constructor(
    private readonly store: RecordingStore,
    private readonly reads: SessionReadService,
    private readonly keys: SealKeyring,
  ) {}

  async stream(sid: string, req: AuthedRequest, res: Response): Promise<void> {
    const session = await this.reads.detail(sid, req, { action: 'session.bundle' });
    const lines = sessionBundleLines(session, this.store.streamFrames(sid), this.keys.jwks);
    // the header line is produced before anything is sent, so a failure there is still a clean HTTP error
    const first = await lines.next();
    res.status(200);
    res.setHeader('Content-Type', SESSION_BUNDLE_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${sid}.${SESSION_BUNDLE_FILE_EXTENSION}"`);
    const writer = new ResponseWriter(res);
    const buffer = new ChunkBuffer();
    try {
      if (!first.done) buffer.push(first.value);
      for await (const line of lines) {
        const chunk = buffer.push(line);
        if (chunk !== undefined && !(await writer.write(chunk))) return;
      }
      const rest = buffer.take();
      if (rest !== undefined && !(await writer.write(rest))) return;
      writer.end();
    } catch (err) {
      // headers are out: break the transfer so the client never takes a cut bundle for a whole one
      this.logger.error({ msg: 'session bundle failed mid-stream', sid, err });
      writer.abort();
    } finally {
      await lines.return(undefined);
    }
  }
}
