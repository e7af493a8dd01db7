import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '@auditorium/config';
import { createTokenVerifier } from '@auditorium/auth';
import { HttpDeps, SealKeyring } from '@auditorium/http';
import { createKafkaIngest, createMasker, IngestPipeline, sealSigner, TrackerChainer } from '@auditorium/ingest';
import { loadSealKeys } from '@auditorium/integrity';
import { MetricsService } from '@auditorium/observability';
import { SqliteAccessLog, SqliteRecordingStore } from '@auditorium/store';

/** Builds everything the embedded process needs before Nest starts: store, keys, verifier, pipelines. */
export async function buildStandalone(config: AppConfig, logger: Logger): Promise<HttpDeps & { adminToken?: string }> {
  mkdirSync(config.dataDir, { recursive: true });
  const dbFile = join(config.dataDir, 'auditorium.db');
  const store = new SqliteRecordingStore({ path: dbFile });
  await store.init();
  const accessLog = new SqliteAccessLog({ path: dbFile });
  await accessLog.init();
  const metrics = new MetricsService();
  const { verifier, adminToken } = await createTokenVerifier(config);
  const seal = await loadSealKeys(config);
  const masker = await createMasker(config, logger);
  // One pipeline for HTTP and Kafka: one chain tracker and one set of session locks.
  const pipeline = new IngestPipeline(store, masker, new TrackerChainer(store), sealSigner(seal.key), metrics, {
    maxFrameBytes: config.frameMaxBytes,
    source: 'http',
  });
  const kafka = config.kafka ? await createKafkaIngest(config, pipeline, metrics, logger) : undefined;
  return {
    config,
    store,
    accessLog,
    verifier,
    metrics,
    sealKeys: new SealKeyring(seal.jwks),
    pipeline,
    kafka,
    adminToken,
  };
}
