import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  ValidationArguments,
  ValidationError,
  ValidationTypes,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

import { transformerMetadataStorage } from './transformer-storage';

/*
 * class-validator is the schema, but running it per Kafka message is slow: it
 * instantiates classes, regroups metadata and builds an error tree even for
 * valid input. Here the same metadata is compiled once per class into plain
 * closures that answer only "valid or not" and copy the declared fields (the
 * whitelist). class-validator itself runs only for the few invalid frames, to
 * word the reason. frame-validator.spec.ts checks both agree.
 */

type Check = (value: unknown, object: Record<string, unknown>) => boolean;

interface CompiledProperty {
  name: string;
  /** all must hold for the property to be validated (ValidateIf / Optional) */
  conditions: Array<(object: Record<string, unknown>, value: unknown) => boolean>;
  checks: Check[];
  nested?: CompiledClass;
}

interface CompiledClass {
  properties: CompiledProperty[];
}

type Constructor = abstract new () => object;

export interface CompiledValidator<T> {
  /** true when class-validator would accept `object` (whitelist mode) */
  isValid(object: Record<string, unknown>): boolean;
  /** a plain copy holding only the declared fields, nested ones included */
  strip(object: Record<string, unknown>): T;
  /** class-validator's own verdict, worded: [] when valid */
  explain(object: Record<string, unknown>): string[];
}

const compiled = new Map<Constructor, CompiledClass>();

export interface CompileOptions {
  /** fields that come first in stripped copies, in this order; the rest follow base class first */
  leadingFields?: readonly string[];
}

export function compileValidator<T>(cls: new () => T & object, opts: CompileOptions = {}): CompiledValidator<T> {
  const lead = opts.leadingFields ?? [];
  const rank = (name: string) => (lead.includes(name) ? lead.indexOf(name) : lead.length);
  const compiledClass = compileClass(cls);
  const plan: CompiledClass = {
    properties: [...compiledClass.properties].sort((a, b) => rank(a.name) - rank(b.name)),
  };
  return {
    isValid: (object) => isValid(plan, object),
    strip: (object) => strip(plan, object) as T,
    explain: (object) => explain(cls, object),
  };
}

function compileClass(cls: Constructor): CompiledClass {
  const cached = compiled.get(cls);
  if (cached) return cached;
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', true, false);
  // base class fields first, so frames read in contract order
  const depth = (target: unknown): number => {
    let n = 0;
    for (let c: unknown = cls; c && c !== target; c = Object.getPrototypeOf(c)) n++;
    return -n;
  };
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of [...metadatas].sort((a, b) => depth(a.target) - depth(b.target))) {
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  const plan: CompiledClass = { properties: [] };
  compiled.set(cls, plan);

  for (const [name, metas] of byProperty) {
    const property: CompiledProperty = { name, conditions: [], checks: [] };
    for (const meta of metas) {
      if (meta.groups?.length) throw new Error(`${cls.name}.${name}: validation groups are not supported`);
      switch (meta.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(meta.constraints[0] as CompiledProperty['conditions'][number]);
          break;
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.NESTED_VALIDATION: {
          const typeMeta = transformerMetadataStorage.findTypeMetadata(cls, name);
          if (!typeMeta || meta.each) throw new Error(`${cls.name}.${name}: @ValidateNested needs @Type(() => Class)`);
          property.nested = compileClass(typeMeta.typeFunction() as Constructor);
          break;
        }
        case ValidationTypes.CUSTOM_VALIDATION:
        case ValidationTypes.IS_DEFINED: {
          for (const constraint of storage.getTargetValidatorConstraints(meta.constraintCls)) {
            if (constraint.async) throw new Error(`${cls.name}.${name}: async validators are not supported`);
            const instance = constraint.instance as ValidatorConstraintInterface;
            const constraints: unknown[] = meta.constraints ?? [];
            const validateIf = meta.validateIf;
            const each = meta.each;
            property.checks.push((value, object) => {
              if (validateIf && !validateIf(object, value)) return true;
              const args: ValidationArguments = { value, constraints, targetName: cls.name, object, property: name };
              if (each && Array.isArray(value)) return value.every((item) => instance.validate(item, args) === true);
              return instance.validate(value, args) === true;
            });
          }
          break;
        }
        default:
          throw new Error(`${cls.name}.${name}: validation type ${meta.type} is not supported`);
      }
    }
    plan.properties.push(property);
  }
  return plan;
}

function isValid(plan: CompiledClass, object: Record<string, unknown>): boolean {
  for (const property of plan.properties) {
    const value = object[property.name];
    if (property.conditions.length > 0 && !property.conditions.every((condition) => condition(object, value))) continue;
    for (const check of property.checks) if (!check(value, object)) return false;
    if (property.nested && value !== undefined) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      if (!isValid(property.nested, value as Record<string, unknown>)) return false;
    }
  }
  return true;
}

function strip(plan: CompiledClass, object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of plan.properties) {
    const value = object[property.name];
    if (value === undefined) continue;
    out[property.name] =
      property.nested && typeof value === 'object' && value !== null && !Array.isArray(value)
        ? strip(property.nested, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function explain(cls: new () => object, object: Record<string, unknown>): string[] {
  let errors: ValidationError[];
  try {
    const instance = plainToInstance(cls, object);
    errors = validateSync(instance, { whitelist: true, stopAtFirstError: true, forbidUnknownValues: true });
  } catch (error) {
    return [`frame could not be validated: ${error instanceof Error ? error.message : String(error)}`];
  }
  return errors.flatMap((error) => describe(error, ''));
}

function describe(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    error.value === undefined ? `${path} is required` : withPath(message, error.property, path),
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

/** class-validator names only the property; put the full path in its place. */
function withPath(message: string, property: string, path: string): string {
  if (property === path) return message;
  const name = new RegExp(`(^|\\s)${property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s.]|$)`);
  return name.test(message) ? message.replace(name, (_match, lead: string) => lead + path) : `${path}: ${message}`;
}
