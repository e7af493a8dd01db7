import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import express, { NextFunction, Request, Response } from 'express';
import { createTokenVerifier } from '@auditorium/auth';
import { loadConfigOrExit } from '@auditorium/config';
import {
  apiDocsMiddleware,
  defaultViewerDir,
  methodNotAllowed,
  OpenApiDocument,
  SealKeyring,
  securityHeaders,
  viewerMiddleware,
} from '@auditorium/http';
import { loadSealKeys } from '@auditorium/integrity';
import { createLogger, MetricsService, PinoNestLogger } from '@auditorium/observability';
import { createAccessLog, createRecordingStore } from '@auditorium/store';
import { ApiModule } from './api.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'auditorium-api');
  const store = createRecordingStore(config);
  await store.init();
  const accessLog = createAccessLog(config);
  await accessLog.init();
  const { verifier, adminToken } = await createTokenVerifier(config);
  const seal = await loadSealKeys(config);
  const app = await NestFactory.create(
    ApiModule.forRoot({
      config,
      store,
      accessLog,
      verifier,
      metrics: new MetricsService(),
      sealKeys: new SealKeyring(seal.jwks),
    }),
    { logger: new PinoNestLogger(logger), bodyParser: false },
  );
  app.use(securityHeaders);
  app.use(methodNotAllowed(() => app.get(OpenApiDocument).get().paths));
  const viewer = viewerMiddleware(defaultViewerDir());
  if (viewer) app.use(viewer);
  const docs = apiDocsMiddleware(); // Swagger UI at /api/v1/docs
  if (docs) app.use(docs);
  const json = express.json({ limit: '1mb' });
  app.use((req: Request, res: Response, next: NextFunction) => json(req, res, next));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.info({ store: config.store, port: config.port }, 'api listening');
  if (adminToken) process.stdout.write(`Admin token (12 h):\n  ${adminToken}\n`);
}

main().catch((err: unknown) => {
  console.error('api failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
