import { Command } from 'commander';
import { tokenCommand } from './token.command';

const program = new Command('auditorium')
  .description('Auditorium: search, replay, export and verify recordings of machine identities')
  .showHelpAfterError()
  .addCommand(tokenCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`auditorium: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
