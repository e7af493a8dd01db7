import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '@auditorium/config';
import { TokenVerifier } from '@auditorium/auth';
import {
  APP_CONFIG,
  AuthGuard,
  HealthController,
  HttpExceptionFilter,
  IdentitiesController,
  IngestController,
  SessionReadService,
  SessionsController,
} from '@auditorium/http';
import { IngestPipeline } from '@auditorium/ingest';
import { MetricsService } from '@auditorium/observability';
import { RecordingStore } from '@auditorium/store';

export interface StandaloneDeps {
  config: AppConfig;
  store: RecordingStore;
  verifier: TokenVerifier;
  pipeline: IngestPipeline;
  metrics: MetricsService;
}

/** The embedded all-in-one: ingest + API (+ viewer) in one process. Only wiring here. */
@Module({})
export class StandaloneModule {
  static forRoot(deps: StandaloneDeps): DynamicModule {
    return {
      module: StandaloneModule,
      controllers: [HealthController, IngestController, SessionsController, IdentitiesController],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: RecordingStore, useValue: deps.store },
        { provide: TokenVerifier, useValue: deps.verifier },
        { provide: IngestPipeline, useValue: deps.pipeline },
        { provide: MetricsService, useValue: deps.metrics },
        SessionReadService,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
