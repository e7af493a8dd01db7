import { EQUALS, getMetadataStorage, MAX, MIN, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';

import { COMMON_FIELDS, FRAME_DTOS } from './frame.dto';
import { FRAME_CONSTRAINTS } from './frame-field.validators';
import { ClientInfoDto, GatewayInfoDto, IdentityDto, ResourceDto } from './frame-parts.dto';
import { FRAME_TYPES, FRAME_VERSION, SID_PATTERN, TS_PATTERN } from './frame.types';
import { transformerMetadataStorage } from './transformer-storage';

/** Where the generated schema is committed, relative to the repository root. */
export const FRAME_SCHEMA_PATH = 'docs/frames.schema.json';
/** The command that regenerates it. */
export const FRAME_SCHEMA_COMMAND = 'node scripts/run-ts.js scripts/gen-frame-schema.ts';

export type JsonSchema = { [keyword: string]: unknown };

const DEFS = '#/$defs/';

/** Schema fragments for the constraints frame-field.validators.ts defines and for `const`. */
const converters: ISchemaConverters = {
  [FRAME_CONSTRAINTS.timestamp]: {
    type: 'string',
    format: 'date-time',
    pattern: TS_PATTERN.source,
    description: 'RFC 3339 with an explicit offset and at most 6 fraction digits; must name a real date and time',
  },
  [FRAME_CONSTRAINTS.stringRecord]: { type: 'object', additionalProperties: { type: 'string' } },
  [FRAME_CONSTRAINTS.exchangeMeta]: {
    type: 'object',
    description: 'Protocol extras. The keys below are typed; any other key is kept as sent.',
    properties: {
      sql: { type: 'string', description: 'SQL text of a database exchange' },
      rowCount: { type: 'integer', minimum: 0, description: 'rows returned or affected' },
      durationMs: { type: 'number', minimum: 0, description: 'time the upstream took, in milliseconds' },
    },
    additionalProperties: true,
  },
  // JSON Schema `const` says "this exact value" directly; the default converter emits a one-value enum.
  [EQUALS]: (meta: ValidationMetadata) => {
    const value: unknown = meta.constraints[0];
    if (typeof value === 'string') return { type: 'string', const: value };
    if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', const: value };
    return { const: value };
  },
  // the stock ones also say `type: number`, which would override @IsInt's `integer`
  [MIN]: (meta: ValidationMetadata) => ({ minimum: meta.constraints[0] }),
  [MAX]: (meta: ValidationMetadata) => ({ maximum: meta.constraints[0] }),
  [ValidationTypes.NESTED_VALIDATION]: (meta: ValidationMetadata) => {
    const typeMeta = transformerMetadataStorage.findTypeMetadata(meta.target as new () => object, meta.propertyName);
    return { $ref: DEFS + schemaName(typeMeta.typeFunction() as { name: string }) };
  },
};

const PART_DTOS = [IdentityDto, ResourceDto, ClientInfoDto, GatewayInfoDto] as const;

/**
 * The JSON Schema (draft 2020-12) of frame contract v1, generated from the
 * class-validator classes. docs/frames.schema.json is this object, written by
 * scripts/gen-frame-schema.ts; frame-schema.spec.ts fails when it is stale.
 *
 * It allows properties it does not list: the parser drops them, so a gateway
 * may send fields of a later, additive version of the contract.
 */
export function buildFrameSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  for (const type of FRAME_TYPES) {
    const cls = FRAME_DTOS[type];
    defs[schemaName(cls)] = { title: `${type} frame`, ...convert(cls) };
  }
  for (const cls of PART_DTOS) defs[schemaName(cls)] = convert(cls);

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Auditorium frame contract v${FRAME_VERSION}`,
    description:
      'One frame per Kafka message on auditorium.frames.v1 (key = sid) or per NDJSON line of POST /api/v1/ingest. ' +
      'Generated from libs/frames by `' +
      FRAME_SCHEMA_COMMAND +
      '`: do not edit. See docs/frames.md.',
    type: 'object',
    required: ['v', 'sid', 'seq', 'ts', 'type'],
    properties: {
      v: { const: FRAME_VERSION },
      sid: { type: 'string', pattern: SID_PATTERN.source },
      type: { enum: [...FRAME_TYPES] },
    },
    oneOf: FRAME_TYPES.map((type) => ({ $ref: DEFS + schemaName(FRAME_DTOS[type]) })),
    $defs: defs,
  };
}

/** The committed file's exact text: buildFrameSchema() as 2-space JSON with a final newline. */
export function renderFrameSchema(): string {
  return `${JSON.stringify(buildFrameSchema(), null, 2)}\n`;
}

function convert(cls: abstract new () => object): JsonSchema {
  const schema = targetConstructorToSchema(cls as new () => object, {
    additionalConverters: converters,
    classTransformerMetadataStorage: transformerMetadataStorage,
    refPointerPrefix: DEFS,
  }) as JsonSchema;
  return sortProperties(cls, schema);
}

/** Contract order (v, sid, seq, ts, type, …) rather than class-validator's own-fields-first order. */
function sortProperties(cls: abstract new () => object, schema: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return schema;
  const order = fieldOrder(cls);
  const names = Object.keys(properties).sort((a, b) => rank(order, a) - rank(order, b));
  const required = (schema.required as string[] | undefined)?.slice().sort((a, b) => rank(order, a) - rank(order, b));
  return {
    ...schema,
    properties: Object.fromEntries(names.map((name) => [name, properties[name]])),
    ...(required ? { required } : {}),
  };
}

function fieldOrder(cls: abstract new () => object): string[] {
  const chain: Array<abstract new () => object> = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    chain.unshift(c as abstract new () => object);
  }
  const order: string[] = chain.length > 1 ? [...COMMON_FIELDS] : [];
  for (const target of chain) {
    for (const meta of getOwnMetadatas(target)) if (!order.includes(meta.propertyName)) order.push(meta.propertyName);
  }
  return order;
}

function getOwnMetadatas(target: abstract new () => object): ValidationMetadata[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((meta) => meta.target === target);
}

function rank(order: string[], name: string): number {
  const index = order.indexOf(name);
  return index < 0 ? order.length : index;
}

/** RequestFrameDto → RequestFrame: the names gateway authors see, matching frame.types.ts. */
function schemaName(cls: { name: string }): string {
  return cls.name.replace(/Dto$/, '');
}
