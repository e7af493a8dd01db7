import { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { JSONWebKeySet } from 'jose';
import { ApiClient, CliError, EXIT, ServerOptions } from './api-client';

interface VerifyAnswer {
  status: 'ok' | 'tampered' | 'gap' | 'unsealed' | 'not_found';
  message: string;
  firstBadSeq?: number;
}

/** What an offline bundle check answers (libs/export verifyBundleLines). */
export interface BundleAnswer extends Omit<VerifyAnswer, 'status'> {
  status: VerifyAnswer['status'] | 'malformed' | 'untrusted_key';
  ok: boolean;
  /** ok, and the seal key is one the caller trusts */
  trusted: boolean;
  frames: number;
  key: { kid?: string; source: string; pinned: boolean; warning?: string };
  notes: string[];
}

export interface BundleTrust {
  trustedJwks?: JSONWebKeySet;
  pinnedKids?: string[];
}

/** Checks a bundle read line by line (bounded memory, no server). */
export type BundleVerifier = (lines: AsyncIterable<string>, trust: BundleTrust) => Promise<BundleAnswer>;

const EXIT_BY_STATUS: Record<BundleAnswer['status'], number> = {
  ok: EXIT.ok,
  tampered: EXIT.integrity,
  gap: EXIT.integrity,
  malformed: EXIT.integrity,
  unsealed: EXIT.unsealed,
  not_found: EXIT.notFound,
  untrusted_key: EXIT.untrusted,
};

interface VerifyOptions extends ServerOptions {
  bundle?: string;
  jwks?: string;
  pin?: string[];
  json?: boolean;
}

/** Verify a session's hash chain and seal on the server, or a bundle file offline. */
export function verifyCommand(verifyBundle?: BundleVerifier): Command {
  return new Command('verify')
    .description(
      "check a session's hash chain and seal on the server, or a bundle file offline (exit 0 ok, 1 tampered or gap, 3 unsealed, 4 not found, 7 untrusted key)",
    )
    .argument('[sid]', 'session id to verify on the server')
    .option('--bundle <file>', 'verify an exported session bundle offline, without a server')
    .option('--jwks <file>', 'with --bundle: trust only these seal keys (e.g. saved from /api/v1/keys/jwks.json)')
    .option('--pin <kid>', 'with --bundle: trust the embedded key only if it has this kid (repeatable)', collect, [])
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role auditor (AUDITORIUM_TOKEN)')
    .option('--json', 'print the full result as JSON')
    .addHelpText(
      'after',
      `
Bundles and trust: a bundle carries the public key that signed its seal, so a
bundle checks out on its own — but whoever can edit the file could also have
re-signed it with a key of their own. Pass --jwks (keys you got from your
Auditorium) or --pin <kid> to prove where it came from. Without either, an
intact bundle exits 0 with a warning that its origin is unproven; with either,
a seal by any other key exits 7.`,
    )
    .action(async (sid: string | undefined, opts: VerifyOptions) => {
      if (opts.bundle) {
        if (!verifyBundle) throw new CliError('bundle verification is not available in this build', EXIT.usage);
        const result = await verifyBundle(readLines(opts.bundle), await trustOf(opts));
        printBundle(result, opts.json === true);
        process.exitCode = EXIT_BY_STATUS[result.status] ?? EXIT.integrity;
        return;
      }
      if (opts.jwks || opts.pin?.length) throw new CliError('--jwks and --pin go with --bundle', EXIT.usage);
      if (!sid) throw new CliError('give a session id, or --bundle <file>', EXIT.usage);
      const result = await new ApiClient(opts).json<VerifyAnswer>(`/api/v1/sessions/${encodeURIComponent(sid)}/verify`);
      process.stdout.write(
        opts.json ? JSON.stringify(result, null, 2) + '\n' : `${statusLine(result.status, result.message)}\n`,
      );
      process.exitCode = EXIT_BY_STATUS[result.status] ?? EXIT.integrity;
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function trustOf(opts: VerifyOptions): Promise<BundleTrust> {
  const trust: BundleTrust = {};
  if (opts.pin?.length) trust.pinnedKids = opts.pin;
  if (opts.jwks) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(opts.jwks, 'utf8'));
    } catch (err) {
      throw new CliError(`cannot read the JWKS ${opts.jwks}: ${(err as Error).message}`, EXIT.usage);
    }
    const keys = (parsed as { keys?: unknown }).keys;
    if (!Array.isArray(keys)) throw new CliError(`${opts.jwks} is not a JWKS (no "keys" array)`, EXIT.usage);
    trust.trustedJwks = parsed as JSONWebKeySet;
  }
  return trust;
}

/** The file's lines, read as they are verified; a read error is a usage error naming the file. */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}

function printBundle(result: BundleAnswer, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    const seq =
      result.firstBadSeq !== undefined && !new RegExp(`seq ${result.firstBadSeq}\\b`).test(result.message)
        ? ` (first bad seq ${result.firstBadSeq})`
        : '';
    const lines = [`${statusLine(result.status, result.message)}${seq}`, `frames: ${result.frames}`];
    if (result.key.kid) {
      lines.push(`seal key: ${result.key.kid} (${result.key.source}${result.trusted ? ', trusted' : ''})`);
    }
    for (const note of result.notes) lines.push(`note: ${note}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (result.ok && !result.trusted) {
    process.stderr.write(
      `warning: ${result.key.warning ?? 'the origin of this bundle is not proven'}\n` +
        'hint: pass --jwks <file> (from /api/v1/keys/jwks.json) or --pin <kid> to prove it\n',
    );
  }
}

/** "status: message", without repeating the status when the message already starts with it. */
function statusLine(status: string, message: string): string {
  return message.startsWith(`${status}:`) ? message : `${status}: ${message}`;
}
