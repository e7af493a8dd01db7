import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import express, { NextFunction, Request, Response } from 'express';
import { loadConfigOrExit } from '@auditorium/config';
import {
  apiDocsMiddleware,
  defaultViewerDir,
  methodNotAllowed,
  OpenApiDocument,
  securityHeaders,
  viewerMiddleware,
} from '@auditorium/http';
import { createLogger, PinoNestLogger } from '@auditorium/observability';
import { StandaloneModule } from './app.module';
import { buildStandalone } from './standalone.factory';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'auditorium');
  const deps = await buildStandalone(config, logger);
  const app = await NestFactory.create(StandaloneModule.forRoot(deps), {
    logger: new PinoNestLogger(logger),
    bodyParser: false, // ingest streams NDJSON itself; JSON routes get a small parser below
  });
  app.use(securityHeaders);
  app.use(methodNotAllowed(() => app.get(OpenApiDocument).get().paths));
  const viewer = viewerMiddleware(defaultViewerDir());
  if (viewer) app.use(viewer);
  const docs = apiDocsMiddleware(); // Swagger UI at /api/v1/docs
  if (docs) app.use(docs);
  else logger.warn('viewer assets not built (npm run build): serving the API only');
  const json = express.json({ limit: '1mb' });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/v1/ingest') ? next() : json(req, res, next),
  );
  app.enableShutdownHooks();
  if (deps.kafka) {
    app.connectMicroservice({ strategy: deps.kafka.transport }, { inheritAppConfig: false });
    await app.startAllMicroservices();
  }
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = config.publicUrl ?? `http://${config.host}:${address.port}`;
  logger.info({ url: baseUrl, store: config.store, dataDir: config.dataDir }, 'auditorium listening');
  if (deps.adminToken) {
    // Printed to the console, not the log: it is the first admin's way in.
    process.stdout.write(
      `\nAuditorium is running at ${baseUrl}\n` +
        `Admin token (12 h):\n  ${deps.adminToken}\n` +
        `Viewer login link:\n  ${baseUrl}/#token=${deps.adminToken}\n` +
        `Mint tokens for other roles: npm run -s token -- --role auditor\n\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error('auditorium failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
