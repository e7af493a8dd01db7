import { isDeepStrictEqual } from 'node:util';

import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';

import { FRAME_DTOS } from './frame.dto';
import { Frame, FRAME_TYPES } from './frame.types';
import { compileValidator } from './frame-validator';
import { aSession } from './testing';

/*
 * The parser trusts the compiled check to say "valid" without asking
 * class-validator. This spec mutates every field of every frame type into
 * many wrong (and right) shapes and checks the compiled check and
 * class-validator agree on each, and strip the same fields.
 */

const frames = aSession({
  client: { ip: '10.1.2.3', userAgent: 'sdk/1' },
  gateway: { id: 'gw', version: '1' },
  labels: { a: 'b' },
  correlationId: 'c',
})
  .start()
  .request({
    method: 'GET',
    target: '/x',
    headers: { a: 'b' },
    body: 'b',
    encoding: 'utf8',
    meta: { sql: 's', rowCount: 1, durationMs: 1 },
  })
  .decision('allow', { policy: 'p', reviewer: 'r', reason: 'why' })
  .response({ status: 200, headers: { a: 'b' }, body: 'b', encoding: 'base64', truncated: true })
  .input('i', 'utf8')
  .output('o', 'base64')
  .error('e')
  .end('killed', { exitCode: 137, reason: 'oom' })
  .frames();

const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'x'.repeat(300),
  'x'.repeat(9000),
  'a b',
  'allow',
  'machine',
  'utf8',
  '2026-02-30T00:00:00Z',
  '2026-01-01T00:00:00.5+01:00',
  0,
  1,
  -1,
  1.5,
  200,
  1000,
  2 ** 53,
  Number.NaN,
  true,
  false,
  [],
  ['a'],
  [1],
  {},
  { a: 'b' },
  { a: 1 },
  { sub: 's' },
  { name: 'n' },
  { sql: 1 },
  { rowCount: 1.5 },
  { durationMs: -1 },
];

type Json = Record<string, unknown>;

function mutations(frame: Json): Json[] {
  const out: Json[] = [];
  const keys = [...Object.keys(frame), 'unknownField', 'status', 'xid', 'encoding', 'meta'];
  for (const key of keys) {
    for (const value of VALUES) out.push({ ...frame, [key]: value });
    const nested = frame[key];
    if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
      for (const inner of [...Object.keys(nested), 'unknownInner', 'sub', 'name', 'type', 'groups']) {
        for (const value of VALUES) out.push({ ...frame, [key]: { ...(nested as Json), [inner]: value } });
      }
    }
  }
  return out;
}

function classValidator(type: Frame['type'], object: Json): { valid: boolean; stripped: unknown } {
  const cls: new () => object = FRAME_DTOS[type];
  const instance = plainToInstance(cls, object);
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  return { valid: errors.length === 0, stripped: JSON.parse(JSON.stringify(instance)) };
}

describe('compiled frame validator', () => {
  it.each(FRAME_TYPES)('agrees with class-validator on mutated %s frames', (type) => {
    const frame = frames.find((f) => f.type === type) as unknown as Json;
    const cls: new () => object = FRAME_DTOS[type];
    const validator = compileValidator(cls);
    let valid = 0;
    let invalid = 0;
    const disagreements: string[] = [];
    for (const object of mutations(frame)) {
      const expected = classValidator(type, object);
      const actual = validator.isValid(object);
      const seen = JSON.stringify(object);
      if (actual !== expected.valid) {
        disagreements.push(`class-validator says ${expected.valid}, compiled says ${actual}: ${seen}`);
      } else if (actual) {
        valid++;
        if (!isDeepStrictEqual(JSON.parse(JSON.stringify(validator.strip(object))), expected.stripped)) {
          disagreements.push(`stripped differently: ${seen}`);
        }
      } else {
        invalid++;
        if (validator.explain(object).length === 0) disagreements.push(`no reason worded: ${seen}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(10);
    expect(invalid).toBeGreaterThan(100);
  });

  it('refuses class-validator features it does not mirror', () => {
    class WithGroups {
      @IsString({ groups: ['a'] })
      name!: string;
    }
    expect(() => compileValidator(WithGroups)).toThrow(/groups are not supported/);
  });
});
