import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TokenVerifier } from '@auditorium/auth';
import { AuthGuard, HealthController, HttpExceptionFilter, KafkaReadiness, ProcessResources } from '@auditorium/http';
import { FrameBatchService, FramesController, KafkaIngestRuntime } from '@auditorium/ingest';
import { MetricsService } from '@auditorium/observability';
import { RecordingStore } from '@auditorium/store';

export interface IngesterDeps {
  store: RecordingStore;
  verifier: TokenVerifier;
  metrics: MetricsService;
  kafka: KafkaIngestRuntime;
}

/**
 * Kafka → pipeline → store. The HTTP side only answers /healthz (Kafka and
 * the engine) and /metrics; the work is the FramesController's.
 */
@Module({})
export class IngesterModule {
  static forRoot(deps: IngesterDeps): DynamicModule {
    return {
      module: IngesterModule,
      controllers: [HealthController, FramesController],
      providers: [
        { provide: RecordingStore, useValue: deps.store },
        { provide: TokenVerifier, useValue: deps.verifier },
        { provide: MetricsService, useValue: deps.metrics },
        { provide: FrameBatchService, useValue: deps.kafka.batches },
        { provide: KafkaReadiness, useValue: { ready: () => deps.kafka.ready() } },
        {
          provide: ProcessResources,
          useValue: new ProcessResources([
            { name: 'kafka-producer', close: () => deps.kafka.close() },
            { name: 'store', close: () => deps.store.close() },
          ]),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
