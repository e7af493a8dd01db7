import { DynamicModule, Module } from '@nestjs/common';
import { httpComposition, HttpDeps } from '@auditorium/http';

/** The embedded all-in-one: ingest + API (+ viewer) in one process. Only wiring here. */
@Module({})
export class StandaloneModule {
  static forRoot(deps: HttpDeps): DynamicModule {
    return { module: StandaloneModule, ...httpComposition(deps) };
  }
}
