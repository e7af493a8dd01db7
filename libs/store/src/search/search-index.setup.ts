import type { IndexTemplate } from './search-index.templates';
import { EngineResponseError, type SearchEngineClient } from './search-engine.client';

/** Puts a composable index template (PUT overwrites: idempotent). */
export async function putIndexTemplate(client: SearchEngineClient, t: IndexTemplate): Promise<void> {
  await client.request({ method: 'PUT', path: `/_index_template/${encodeURIComponent(t.name)}`, body: t.body });
}

/** Creates an index (its template supplies settings and mappings) unless it exists. */
export async function ensureIndex(client: SearchEngineClient, index: string): Promise<void> {
  try {
    await client.request({ method: 'PUT', path: `/${encodeURIComponent(index)}` });
  } catch (err) {
    if (err instanceof EngineResponseError && err.type === 'resource_already_exists_exception') return;
    throw err;
  }
}

/** Logger the search adapters write to; secrets never reach it (only names, versions and outcomes). */
export interface StoreLogger {
  info(message: string): void;
  warn(message: string): void;
}

export const consoleStoreLogger: StoreLogger = {
  info: () => undefined,
  warn: (message) => console.warn(message),
};
