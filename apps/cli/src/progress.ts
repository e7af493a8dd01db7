import { SingleBar } from 'cli-progress';

/** Progress of a long pull, on stderr: a live bar on a terminal, a plain line now and then otherwise. */
export interface Progress {
  /** `done` events so far; `expected` a guess of the total (it may grow) */
  update(done: number, expected: number): void;
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
      format: `${label} |{bar}| {value} events | {rate} events/s`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    });
    let running = false;
    return {
      update(done, expected) {
        if (!running) {
          bar.start(Math.max(expected, done, 1), done, { rate: 0 });
          running = true;
        }
        bar.setTotal(Math.max(expected, done, 1));
        bar.update(done, { rate: rate(done) });
      },
      stop() {
        if (running) bar.stop();
      },
    };
  }
  let lastLine = 0;
  return {
    update(done) {
      const now = Date.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      stream.write(`${label}: ${done} events, ${rate(done)} events/s\n`);
    },
    stop: () => undefined,
  };
}
