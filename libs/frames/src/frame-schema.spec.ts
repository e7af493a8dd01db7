import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { buildFrameSchema, FRAME_SCHEMA_COMMAND, FRAME_SCHEMA_PATH, renderFrameSchema } from './frame-schema';
import { FRAME_TYPES } from './frame.types';
import { aSession } from './testing';

const committedPath = path.resolve(__dirname, '../../..', FRAME_SCHEMA_PATH);

describe('frame JSON Schema', () => {
  it(`is committed up to date in ${FRAME_SCHEMA_PATH}`, () => {
    let committed: string;
    try {
      committed = readFileSync(committedPath, 'utf8');
    } catch {
      throw new Error(`${FRAME_SCHEMA_PATH} is missing: run \`${FRAME_SCHEMA_COMMAND}\` and commit it`);
    }
    if (committed !== renderFrameSchema()) {
      throw new Error(
        `${FRAME_SCHEMA_PATH} is stale (the frame classes in libs/frames changed): run \`${FRAME_SCHEMA_COMMAND}\` and commit it`,
      );
    }
  });

  it('is a oneOf over the frame types, discriminated by a `type` const', () => {
    const schema = buildFrameSchema();
    const defs = schema.$defs as Record<string, { properties: { type: { const: string } }; required: string[] }>;
    const refs = (schema.oneOf as Array<{ $ref: string }>).map((entry) => entry.$ref.replace('#/$defs/', ''));
    expect(refs.map((name) => defs[name].properties.type.const)).toEqual([...FRAME_TYPES]);
    for (const name of refs)
      expect(defs[name].required).toEqual(expect.arrayContaining(['v', 'sid', 'seq', 'ts', 'type']));
  });

  describe('validates like the parser', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(buildFrameSchema());
    const frames = aSession({ labels: { team: 'x' }, client: { ip: '::1' }, gateway: { id: 'gw' } })
      .start()
      .request({ method: 'GET', target: '/', headers: { a: 'b' }, meta: { rowCount: 1, other: [1] } })
      .decision('deny', { policy: 'p' })
      .response({ status: 403, body: 'no', truncated: true })
      .input('a')
      .output('b', 'base64')
      .error('boom')
      .end('error', { exitCode: 2 })
      .frames();

    it.each(frames.map((frame) => [frame.type, frame]))('accepts a %s frame built by the builders', (_type, frame) => {
      expect(validate(frame) ? [] : validate.errors).toEqual([]);
    });

    it('accepts unknown fields, which the parser drops', () => {
      expect(validate({ ...frames[1], addedInV1_1: true })).toBe(true);
    });

    it.each([
      ['an unknown type', { type: 'query' }],
      ['a bad sid', { sid: 'a b' }],
      ['a negative seq', { seq: -1 }],
      ['a fractional seq', { seq: 1.5 }],
      ['a ts without offset', { ts: '2026-01-01T00:00:00' }],
      ['v 2', { v: 2 }],
      ['a non-string header', { headers: { a: 1 } }],
      ['a negative meta.rowCount', { meta: { rowCount: -1 } }],
      ['a null optional field', { method: null }],
      ['a missing xid', { xid: undefined }],
    ])('rejects %s', (_name, change) => {
      const frame = JSON.parse(JSON.stringify({ ...frames[1], ...change })) as object;
      expect(validate(frame)).toBe(false);
    });
  });
});
