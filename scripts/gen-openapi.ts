// Writes docs/openapi.json, the OpenAPI spec of the HTTP API, from the real
// embedded app module (StandaloneModule: every controller, ingest included)
// built over a throwaway data dir. test/unit/openapi.spec.ts fails until the
// committed file matches. Run with `npm run gen:openapi`; `--stdout` prints the
// spec instead of writing it (jest cannot load NestJS's ES modules on Node 20,
// so the test runs this script).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { loadConfig } from '@auditorium/config';
import { OPENAPI_PATH, OpenApiDocument } from '@auditorium/http';
import { StandaloneModule } from '../apps/standalone/src/app.module';
import { buildStandalone } from '../apps/standalone/src/standalone.factory';
import { writeGenerated } from './write-generated';

/** The spec text exactly as committed. Nothing from the environment reaches it. */
async function renderStandaloneOpenApi(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'auditorium-openapi-'));
  try {
    const config = loadConfig({ AUDITORIUM_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const deps = await buildStandalone(config, pino({ level: 'silent' }));
    const app = await NestFactory.create(StandaloneModule.forRoot(deps), { logger: false, bodyParser: false });
    try {
      return app.get(OpenApiDocument).render();
    } finally {
      await app.close(); // closes the store and the access log
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--stdout')) {
    process.stdout.write(await renderStandaloneOpenApi());
    return;
  }
  writeGenerated(OPENAPI_PATH, await renderStandaloneOpenApi());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
