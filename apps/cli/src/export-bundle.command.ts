import { Command } from 'commander';
import { rename, rm } from 'node:fs/promises';
import { ApiClient, CliError, EXIT, ServerOptions } from './api-client';
import { bodyChunks } from './response-body';
import { openOutput } from './output-sink';

interface BundleOptions extends ServerOptions {
  out?: string;
  quiet?: boolean;
}

/** Downloads a session's self-verifying bundle; check it later, offline, with `verify --bundle`. */
export function exportBundleCommand(): Command {
  return new Command('export-bundle')
    .description('download the self-verifying bundle of a session (frames, hash chain, seal and public key)')
    .argument('<sid>', 'session id')
    .option('-o, --out <file>', 'where to write it ("-" for stdout)', undefined)
    .option('-q, --quiet', 'no summary on stderr')
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role auditor (AUDITORIUM_TOKEN)')
    .addHelpText(
      'after',
      `
The file defaults to <sid>.bundle.ndjson. Check it anywhere, without a server:
  auditorium verify --bundle <sid>.bundle.ndjson --pin <kid>
Exit codes: 0 written, 2 usage, 4 no such session, 5 bad token, 6 server error, 8 cannot write the file.`,
    )
    .action(async (sid: string, opts: BundleOptions) => exportBundle(sid, opts));
}

export async function exportBundle(sid: string, opts: BundleOptions): Promise<void> {
  const api = new ApiClient(opts);
  const res = await api.get(`/api/v1/sessions/${encodeURIComponent(sid)}/bundle`);
  const target = opts.out ?? `${sid.replace(/[^A-Za-z0-9._-]/g, '_')}.bundle.ndjson`;
  const toStdout = target === '-';
  // a partial download never sits under the final name
  const partial = toStdout ? undefined : `${target}.part`;
  const sink = await openOutput(partial ?? '-', 'truncate');
  let bytes = 0;
  try {
    for await (const chunk of bodyChunks(res)) {
      await sink.write(chunk);
      bytes += chunk.length;
    }
    await sink.sync();
  } catch (err) {
    await sink.close();
    if (partial) await rm(partial, { force: true });
    if (err instanceof CliError) throw err;
    throw new CliError(`the bundle download broke off: ${(err as Error).message}`, EXIT.server);
  }
  await sink.close();
  if (partial) {
    try {
      await rename(partial, target);
    } catch (err) {
      throw new CliError(`cannot write ${target}: ${(err as Error).message}`, EXIT.io);
    }
  }
  if (!opts.quiet && !toStdout) process.stderr.write(`bundle of ${sid}: ${bytes} bytes written to ${target}\n`);
}
