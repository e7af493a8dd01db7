import { SingleBar } from 'cli-progress';

/**
 * Progress of a long pull, on stderr: a live line on a terminal, a plain line
 * now and then otherwise. The server does not say how many events remain
 * (the log grows while we read it), so the line counts events and their rate
 * and never draws a percentage it cannot know.
 */
export interface Progress {
  /** `done` events so far */
  update(done: number): void;
  /** the last count, on the plain line too (it may have been skipped by the throttle) */
  stop(): void;
}

export function createProgress(label: string, opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} {value} events | {rate} events/s`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    });
    let running = false;
    return {
      update(done) {
        if (!running) {
          bar.start(Math.max(done, 1), done, { rate: 0 });
          running = true;
        }
        bar.setTotal(Math.max(done, 1));
        bar.update(done, { rate: rate(done) });
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  let lastLine = 0;
  let last = -1;
  let printed = -1;
  const line = (done: number) => {
    printed = done;
    stream.write(`${label}: ${done} events, ${rate(done)} events/s\n`);
  };
  return {
    update(done) {
      last = done;
      const now = Date.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      line(done);
    },
    stop() {
      if (last >= 0 && printed !== last) line(last);
    },
  };
}
