import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Writes a streamed body with backpressure: waits for 'drain' when the socket
 * buffer is full, and stops as soon as the client has gone away, so a slow or
 * vanished client never makes the server read (or hold) more than one chunk.
 */
export class ResponseWriter {
  private gone = false;

  constructor(private readonly res: Response) {
    res.once('close', () => (this.gone = true));
  }

  /** true once the client disconnected (or the response was destroyed) */
  get closed(): boolean {
    return this.gone || this.res.destroyed;
  }

  /** Writes one chunk; resolves false when the client is gone (stop producing). */
  async write(chunk: string | Buffer): Promise<boolean> {
    if (this.closed) return false;
    if (!this.res.write(chunk)) await Promise.race([once(this.res, 'drain'), once(this.res, 'close')]);
    return !this.closed;
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  /** Aborts a body whose headers are already out, so the client sees a broken transfer, never a clean end. */
  abort(): void {
    if (!this.res.destroyed) this.res.destroy();
  }
}

/** Joins many small strings into chunks of about `size` characters before they are written. */
export class ChunkBuffer {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly size = 64 * 1024) {}

  /** Adds a piece; returns a chunk to write when the buffer is full. */
  push(text: string): string | undefined {
    this.parts.push(text);
    this.length += text.length;
    return this.length >= this.size ? this.take() : undefined;
  }

  /** What is buffered, or undefined when empty. */
  take(): string | undefined {
    if (this.parts.length === 0) return undefined;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return chunk;
  }
}
