import { INestApplication, Injectable } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_KEY } from '../auth.decorators';
import { addOpenApiLinks, closeRequestBodies } from './openapi-links';

/** Where the generated spec is committed, and the command that regenerates it. */
export const OPENAPI_PATH = 'docs/openapi.json';
export const OPENAPI_COMMAND = 'npm run gen:openapi';

function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  return (
    new DocumentBuilder()
      .setTitle('Auditorium API')
      .setDescription(
        'Search, replay, verify and audit recordings of what machine identities did through an identity-aware gateway. ' +
          'Every endpoint but /healthz needs a Bearer JWT; roles come from the token (auditor, siem, compliance, ingest, admin; ' +
          'admin holds them all). Every read of a recording is itself recorded in the access log. ' +
          'Generated from the code (`npm run gen:openapi`).',
      )
      .setVersion('1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      // the AuthGuard is global: every route needs the token unless @Public() (see publicOperations)
      .addSecurityRequirements('bearer')
      .addTag('sessions', 'search, detail, frames, replay (asciicast), timeline, verify — role auditor')
      .addTag('identities', 'machine identities — role auditor')
      .addTag('integrity', 'public seal keys — any role')
      .addTag('ingest', 'HTTP ingest of frames — role ingest')
      .addTag('admin', 'access log, legal hold, retention — role admin')
      .addTag('meta', 'this specification — any role')
      .addTag('health', 'liveness and metrics')
      .build()
  );
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function operationId(controller: string, method: string): string {
  return `${controller.replace(/Controller$/, '')}_${method}`;
}

export function renderOpenApi(doc: OpenAPIObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The OpenAPI document of the routes this Nest application serves, built
 * from its own modules on first use. The scanner of @nestjs/swagger only
 * reads the module container, the application config and the adapter type
 * from the application, so this needs no handle on the application itself
 * (which providers cannot get): the document describes exactly what the
 * running process (embedded, or apps/api without ingest) answers.
 */
@Injectable()
export class OpenApiDocument {
  private doc?: OpenAPIObject;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get(): OpenAPIObject {
    if (this.doc) return this.doc;
    const doc = SwaggerModule.createDocument(this.applicationView(), documentConfig(), {
      operationIdFactory: operationId,
    });
    const open = this.publicOperations();
    for (const item of Object.values(doc.paths))
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (op && open.has(op.operationId ?? '')) op.security = [];
      }
    addOpenApiLinks(doc);
    closeRequestBodies(doc);
    this.doc = doc;
    return doc;
  }

  /** operationIds of the handlers marked @Public(): the only ones without a token. */
  private publicOperations(): Set<string> {
    const ids = new Set<string>();
    for (const module of this.modules.values())
      for (const { metatype } of module.controllers.values()) {
        if (!metatype) continue;
        const proto = (metatype as { prototype: Record<string, unknown> }).prototype;
        const classPublic = Reflect.getMetadata(PUBLIC_KEY, metatype) === true;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function') continue;
          if (classPublic || Reflect.getMetadata(PUBLIC_KEY, handler) === true)
            ids.add(operationId(metatype.name, name));
        }
      }
    return ids;
  }

  render(): string {
    return renderOpenApi(this.get());
  }

  private applicationView(): INestApplication {
    const view = {
      container: { getModules: () => this.modules },
      // no global prefix and no versioning: routes carry /api/v1 themselves
      config: new ApplicationConfig(),
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    };
    return view as unknown as INestApplication;
  }
}
