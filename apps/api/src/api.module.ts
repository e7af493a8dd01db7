import { DynamicModule, Module } from '@nestjs/common';
import { httpComposition, HttpDeps } from '@auditorium/http';

/** The query and replay API: the same controllers as the embedded all-in-one, without ingest. */
@Module({})
export class ApiModule {
  static forRoot(deps: HttpDeps): DynamicModule {
    return { module: ApiModule, ...httpComposition(deps) };
  }
}
