import { Provider, Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '@auditorium/config';
import { TokenVerifier } from '@auditorium/auth';
import { FrameBatchService, FramesController, IngestPipeline, KafkaIngestRuntime } from '@auditorium/ingest';
import { MetricsService } from '@auditorium/observability';
import { AccessLog, RecordingStore } from '@auditorium/store';
import { AccessLogController } from './access-log.controller';
import { AccessRecorder } from './access-recorder.service';
import { AuthGuard } from './auth.guard';
import { HealthController } from './health.controller';
import { HttpExceptionFilter } from './http-exception.filter';
import { IdentitiesController } from './identities.controller';
import { IngestController } from './ingest.controller';
import { KafkaReadiness } from './kafka-readiness';
import { KeysController } from './keys.controller';
import { ProcessResources } from './process-resources';
import { SealKeyring } from './seal-keyring';
import { SessionReadService } from './session-read.service';
import { SessionReplayService } from './session-replay.service';
import { SessionsController } from './sessions.controller';
import { APP_CONFIG } from './tokens';
import { OpenApiController, OpenApiDocument } from './openapi';
import { RateLimitGuard } from './rate-limit';
import {
  DEFAULT_RETENTION_SCHEDULE,
  LegalHoldController,
  RETENTION_SCHEDULE,
  RetentionController,
  RetentionJob,
  RetentionSchedule,
  RetentionService,
} from './retention';
import {
  AccessReportService,
  ExportController,
  ExportEventsService,
  ReportsController,
  SessionBundleController,
  SessionBundleService,
} from './export';

/** What a process built before Nest starts, handed to the HTTP layer. */
export interface HttpDeps {
  config: AppConfig;
  store: RecordingStore;
  accessLog: AccessLog;
  verifier: TokenVerifier;
  metrics: MetricsService;
  sealKeys: SealKeyring;
  /** HTTP ingest (POST /api/v1/ingest) when present */
  pipeline?: IngestPipeline;
  /** Kafka consumption when present */
  kafka?: KafkaIngestRuntime;
  /** background retention job; default: every RETENTION_INTERVAL_MINUTES, first run 5 min after start */
  retention?: Partial<RetentionSchedule>;
}

/**
 * Controllers and providers of the API, shared by apps/api and the embedded
 * all-in-one so both serve the very same endpoints.
 */
export function httpComposition(deps: HttpDeps): { controllers: Type[]; providers: Provider[] } {
  const closers = [
    ...(deps.kafka ? [{ name: 'kafka-producer', close: () => (deps.kafka as KafkaIngestRuntime).close() }] : []),
    { name: 'access-log', close: () => deps.accessLog.close() },
    { name: 'store', close: () => deps.store.close() },
  ];
  return {
    controllers: [
      HealthController,
      SessionsController,
      IdentitiesController,
      KeysController,
      AccessLogController,
      LegalHoldController,
      RetentionController,
      OpenApiController,
      ExportController,
      ReportsController,
      SessionBundleController,
      ...(deps.pipeline ? [IngestController] : []),
      ...(deps.kafka ? [FramesController] : []),
    ],
    providers: [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: RecordingStore, useValue: deps.store },
      { provide: AccessLog, useValue: deps.accessLog },
      { provide: TokenVerifier, useValue: deps.verifier },
      { provide: MetricsService, useValue: deps.metrics },
      { provide: SealKeyring, useValue: deps.sealKeys },
      ...(deps.pipeline ? [{ provide: IngestPipeline, useValue: deps.pipeline }] : []),
      ...(deps.kafka
        ? [
            { provide: FrameBatchService, useValue: deps.kafka.batches },
            { provide: KafkaReadiness, useValue: { ready: () => (deps.kafka as KafkaIngestRuntime).ready() } },
          ]
        : []),
      { provide: ProcessResources, useValue: new ProcessResources(closers) },
      AccessRecorder,
      SessionReadService,
      SessionReplayService,
      {
        provide: RETENTION_SCHEDULE,
        useValue: {
          ...DEFAULT_RETENTION_SCHEDULE,
          intervalMs: deps.config.retentionIntervalMinutes * 60_000,
          ...deps.retention,
        },
      },
      RetentionService,
      RetentionJob,
      OpenApiDocument,
      ExportEventsService,
      AccessReportService,
      SessionBundleService,
      { provide: APP_GUARD, useClass: AuthGuard },
      // after the AuthGuard (guards run in this order): it counts verified callers
      { provide: APP_GUARD, useClass: RateLimitGuard },
      { provide: APP_FILTER, useClass: HttpExceptionFilter },
      {
        provide: APP_PIPE,
        useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
      },
    ],
  };
}
