import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '@auditorium/config';
import { JoseTokenVerifier, loadOrCreateLocalAuthKey, mintLocalToken, TokenVerifier } from '@auditorium/auth';
import { createKafkaIngest, IngestPipeline, StoreSessionSealer, TrackerChainer } from '@auditorium/ingest';
import { loadOrCreateSigningKey } from '@auditorium/integrity';
import { MetricsService } from '@auditorium/observability';
import { createMasker } from '@auditorium/ingest';
import { SqliteAccessLog, SqliteRecordingStore } from '@auditorium/store';
import { HttpDeps, SealKeyring } from '@auditorium/http';

/** Builds everything the embedded process needs before Nest starts: store, keys, verifier, pipeline. */
export async function buildStandalone(config: AppConfig, logger: Logger): Promise<HttpDeps & { adminToken?: string }> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = new SqliteRecordingStore({ path: join(config.dataDir, 'auditorium.db') });
  await store.init();
  const accessLog = new SqliteAccessLog({ path: join(config.dataDir, 'auditorium.db') });
  await accessLog.init();
  const metrics = new MetricsService();

  let verifier: TokenVerifier;
  let adminToken: string | undefined;
  const verifyOpts = {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    algorithms: config.auth.algorithms,
    rolesClaim: config.auth.rolesClaim,
    roleMap: config.auth.roleMap,
    clockSkewS: config.auth.clockSkewS,
  };
  if (config.auth.mode === 'local') {
    const key = await loadOrCreateLocalAuthKey(config.dataDir);
    verifier = new JoseTokenVerifier(verifyOpts, { kind: 'key', key: key.publicKey });
    adminToken = await mintLocalToken(key, {
      roles: ['admin'],
      sub: 'local-admin',
      issuer: config.auth.issuer,
      audience: config.auth.audience,
    });
  } else if (config.auth.mode === 'jwks') {
    verifier = new JoseTokenVerifier(verifyOpts, { kind: 'jwks-url', url: config.auth.jwksUrl as string });
  } else {
    verifier = new JoseTokenVerifier(verifyOpts, {
      kind: 'pem-file',
      path: config.auth.publicKeyFile as string,
      alg: config.auth.algorithms[0],
    });
  }

  const sealKey = await loadOrCreateSigningKey(join(config.dataDir, 'keys'));
  const masker = await createMasker(config, logger);
  const pipeline = new IngestPipeline(
    store,
    masker,
    new TrackerChainer(store),
    new StoreSessionSealer(store, sealKey),
    metrics,
    { maxFrameBytes: config.frameMaxBytes, source: 'http' },
  );
  // Kafka frames go through their own pipeline instance (source label 'kafka'), same store and keys.
  const kafka = config.kafka
    ? await createKafkaIngest(
        config,
        new IngestPipeline(store, masker, new TrackerChainer(store), new StoreSessionSealer(store, sealKey), metrics, {
          maxFrameBytes: config.frameMaxBytes,
          source: 'kafka',
        }),
        metrics,
        logger,
      )
    : undefined;
  const sealKeys = new SealKeyring(sealKey.jwks());
  return { config, store, accessLog, verifier, pipeline, metrics, sealKeys, kafka, adminToken };
}
