import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ApiClient, CliError, EXIT, ServerOptions } from './api-client';

interface VerifyAnswer {
  status: 'ok' | 'tampered' | 'gap' | 'unsealed' | 'not_found';
  message: string;
  firstBadSeq?: number;
}

const EXIT_BY_STATUS: Record<VerifyAnswer['status'], number> = {
  ok: EXIT.ok,
  tampered: EXIT.integrity,
  gap: EXIT.integrity,
  unsealed: EXIT.unsealed,
  not_found: EXIT.notFound,
};

/** Verify a session's hash chain and seal on the server, or a bundle file offline. */
export function verifyCommand(verifyBundle?: (text: string) => Promise<VerifyAnswer>): Command {
  return new Command('verify')
    .description("check a session's hash chain and seal (exit 0 ok, 1 tampered or gap, 3 unsealed, 4 not found)")
    .argument('[sid]', 'session id to verify on the server')
    .option('--bundle <file>', 'verify an exported session bundle offline, without a server')
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role auditor (AUDITORIUM_TOKEN)')
    .option('--json', 'print the full result as JSON')
    .action(async (sid: string | undefined, opts: ServerOptions & { bundle?: string; json?: boolean }) => {
      let result: VerifyAnswer;
      if (opts.bundle) {
        if (!verifyBundle) throw new CliError('bundle verification is not available in this build', EXIT.usage);
        let text: string;
        try {
          text = readFileSync(opts.bundle, 'utf8');
        } catch (err) {
          throw new CliError(`cannot read ${opts.bundle}: ${(err as Error).message}`, EXIT.usage);
        }
        result = await verifyBundle(text);
      } else {
        if (!sid) throw new CliError('give a session id, or --bundle <file>', EXIT.usage);
        result = await new ApiClient(opts).json<VerifyAnswer>(`/api/v1/sessions/${encodeURIComponent(sid)}/verify`);
      }
      process.stdout.write(
        opts.json ? JSON.stringify(result, null, 2) + '\n' : `${result.status}: ${result.message}\n`,
      );
      process.exitCode = EXIT_BY_STATUS[result.status] ?? EXIT.integrity;
    });
}
