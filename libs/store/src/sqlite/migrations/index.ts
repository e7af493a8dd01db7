import { migration001Init } from './001-init.migration';
import type { SqliteMigration } from './sqlite-migration';

export type { SqliteMigration } from './sqlite-migration';

/** Every schema step, in order. Append only. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [migration001Init];
