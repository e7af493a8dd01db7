import { Command } from 'commander';
import { CliError, EXIT } from './api-client';
import { playCommand } from './play.command';
import { tokenCommand } from './token.command';
import { verifyCommand } from './verify.command';

const program = new Command('auditorium')
  .description('Auditorium: search, replay, export and verify recordings of machine identities')
  .showHelpAfterError()
  .exitOverride()
  .addCommand(tokenCommand())
  .addCommand(verifyCommand())
  .addCommand(playCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; exitCode?: number };
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
    // help and version exit 0; usage errors were already printed by commander
    process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : EXIT.usage);
  }
  console.error(`auditorium: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof CliError ? err.exitCode : 1);
});
