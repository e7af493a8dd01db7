import { Command } from 'commander';
import { verifyBundleLines } from '@auditorium/export';
import { CliError, EXIT } from './api-client';
import { exportBundleCommand } from './export-bundle.command';
import { exportCommand } from './export.command';
import { playCommand } from './play.command';
import { reportCommand } from './report.command';
import { tokenCommand } from './token.command';
import { verifyCommand } from './verify.command';

const program = new Command('auditorium')
  .description('Auditorium: search, replay, export and verify recordings of machine identities')
  .showHelpAfterError()
  .exitOverride()
  .addCommand(tokenCommand())
  .addCommand(exportCommand())
  .addCommand(exportBundleCommand())
  .addCommand(reportCommand())
  .addCommand(verifyCommand((lines, trust) => verifyBundleLines(lines, trust)))
  .addCommand(playCommand())
  .addHelpText(
    'after',
    `
Server: --url / AUDITORIUM_URL (default http://127.0.0.1:8080), --token / AUDITORIUM_TOKEN.
Exit codes: 0 ok · 1 integrity failure (tampered, gap) · 2 usage · 3 unsealed · 4 not found ·
5 bad or insufficient token · 6 server unreachable or failed · 7 untrusted seal key · 8 local file error`,
  );

// `auditorium … | head`: a closed stdout ends the command quietly, as SIGPIPE would
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
});

// addCommand does not pass these on: without them a usage error in a subcommand would exit 1, not 2
for (const command of program.commands) command.exitOverride().showHelpAfterError();

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; exitCode?: number };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    // help and version exit 0; usage errors were already printed by commander
    process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : EXIT.usage);
  }
  console.error(`auditorium: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});
