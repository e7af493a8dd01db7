/**
 * A schema step. Migrations are TypeScript string modules (not .sql files) because
 * scripts/build.js copies only .json/.html/.css/.txt assets into dist/; a .ts module
 * is compiled along with the adapter, so the SQL can never go missing at run time.
 * Never edit a released migration: add the next number.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}
