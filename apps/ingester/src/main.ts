import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createTokenVerifier } from '@auditorium/auth';
import { loadConfigOrExit } from '@auditorium/config';
import { securityHeaders } from '@auditorium/http';
import { createKafkaIngest, createMasker, IngestPipeline, sealSigner, TrackerChainer } from '@auditorium/ingest';
import { loadSealKeys } from '@auditorium/integrity';
import { createLogger, MetricsService, PinoNestLogger } from '@auditorium/observability';
import { createRecordingStore } from '@auditorium/store';
import { IngesterModule } from './ingester.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit((c) => (c.kafka ? [] : ['KAFKA_BROKERS is required by the ingester']));
  const logger = createLogger(config.logLevel, 'auditorium-ingester');
  // Production writes with refresh=false for throughput; reads the sealer needs are realtime GETs.
  const store = createRecordingStore(config, { refresh: false });
  await store.init();
  const metrics = new MetricsService();
  const { verifier } = await createTokenVerifier(config);
  const seal = await loadSealKeys(config);
  const pipeline = new IngestPipeline(
    store,
    await createMasker(config, logger),
    new TrackerChainer(store),
    sealSigner(seal.key),
    metrics,
    { maxFrameBytes: config.frameMaxBytes, source: 'kafka' },
  );
  const kafka = await createKafkaIngest(config, pipeline, metrics, logger);
  const app = await NestFactory.create(IngesterModule.forRoot({ store, verifier, metrics, kafka }), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.use(securityHeaders);
  app.enableShutdownHooks();
  // Shutdown order: Nest closes the transport (stop consuming; in-flight chunk finishes or stays
  // uncommitted), then ProcessResources closes the dead-letter producer and the store.
  app.connectMicroservice({ strategy: kafka.transport }, { inheritAppConfig: false });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  logger.info({ store: config.store, topic: config.kafka?.topic, group: config.kafka?.groupId }, 'ingester running');
}

main().catch((err: unknown) => {
  console.error('ingester failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
