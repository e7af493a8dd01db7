import { Logger, OnApplicationShutdown } from '@nestjs/common';

/**
 * Clients a process opened before Nest started, closed in order when it
 * stops: Nest has already stopped consuming and serving by then, so the
 * order is stop consuming → (flush, commit: done per chunk) → close clients.
 */
export class ProcessResources implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(private readonly closers: Array<{ name: string; close: () => Promise<void> }>) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    for (const { name, close } of this.closers) {
      try {
        await close();
        this.logger.log({ msg: 'closed', resource: name, signal });
      } catch (err) {
        this.logger.error({ msg: 'close failed', resource: name, err });
      }
    }
  }
}
