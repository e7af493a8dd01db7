/**
 * The embedded app with a fast retention schedule, for
 * admin-retention-job.e2e-spec.ts: first run 1.5 s after start (so the test
 * can place its legal hold first), then every 300 ms. The schedule is not
 * configurable from the environment, so this entry point wires the app like
 * apps/standalone/src/main.ts does, with `retention` set.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import express, { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { loadConfig } from '@auditorium/config';
import { createLogger, PinoNestLogger } from '@auditorium/observability';
import { StandaloneModule } from '../../apps/standalone/src/app.module';
import { buildStandalone } from '../../apps/standalone/src/standalone.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  const deps = await buildStandalone(config, pino({ level: 'silent' }));
  const app = await NestFactory.create(
    StandaloneModule.forRoot({ ...deps, retention: { initialDelayMs: 1500, intervalMs: 300 } }),
    { logger: new PinoNestLogger(createLogger('info', 'auditorium')), bodyParser: false },
  );
  const json = express.json({ limit: '1mb' });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/v1/ingest') ? next() : json(req, res, next),
  );
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  process.stdout.write(`Admin token (12 h):\n  ${deps.adminToken}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
