import { constants } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import { CliError, EXIT } from './api-client';

/** Where a command writes its data: a file (synced before cursors are saved) or stdout. */
export interface OutputSink {
  readonly path?: string;
  /** bytes already in the file when it was opened for appending */
  readonly initialSize: number;
  write(chunk: Uint8Array): Promise<void>;
  /** flushes to disk (files only) */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function openOutput(path: string | undefined, mode: 'truncate' | 'append'): Promise<OutputSink> {
  if (path === undefined || path === '-') return stdoutSink();
  let handle: FileHandle;
  try {
    handle = await open(path, mode === 'append' ? constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND : 'w');
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${(err as Error).message}`, EXIT.io);
  }
  const initialSize = (await handle.stat()).size;
  return {
    path,
    initialSize,
    async write(chunk) {
      try {
        let offset = 0;
        while (offset < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
      } catch (err) {
        throw new CliError(`cannot write ${path}: ${(err as Error).message}`, EXIT.io);
      }
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

function stdoutSink(): OutputSink {
  const out = process.stdout;
  let broken: Error | undefined;
  out.on('error', (err: NodeJS.ErrnoException) => {
    broken = err;
  });
  return {
    initialSize: 0,
    async write(chunk) {
      if (broken) throw outputClosed(broken);
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'error')]);
      if (broken) throw outputClosed(broken);
    },
    sync: async () => undefined,
    close: async () => undefined,
  };
}

function outputClosed(err: NodeJS.ErrnoException): CliError {
  return new CliError(
    err.code === 'EPIPE' ? 'stdout was closed before the export ended' : `cannot write stdout: ${err.message}`,
    EXIT.io,
  );
}

/** Replaces a small file atomically (write a temporary file, then rename), so a crash never leaves half a cursor. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${(err as Error).message}`, EXIT.io);
  }
}
